import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type { ProcessGroup } from "../gateway/wire-types.js";
import { theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

const REFRESH_MS = 5000;

/** Every process group on the bus and its live instances (readiness, memory, uptime), refreshed every few seconds. */
export class ClawServices extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    groups: { state: true },
    problems: { state: true },
    error: { state: true },
  };
  static override styles = [
    theme,
    css`
    .grid { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(min(300px, 100%), 1fr)); }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    td, th { padding: 4px 2px; border-top: 1px solid var(--border); }
    th { text-align: left; font-weight: 600; }
    td.mono { max-width: 9em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    h3 { margin: 0 0 8px; font-size: 16px; display: flex; justify-content: space-between; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare groups: ProcessGroup[] | undefined;
  declare problems: string[];
  declare error: string | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #off: (() => void) | undefined;

  constructor() {
    super();
    this.connected = false;
    this.problems = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => this.connected && void this.#load(), REFRESH_MS);
    this.#off = this.client.on("health", () => void this.#load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#off?.();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const status = await this.client.request<{
        processGroups: ProcessGroup[];
        problems: string[];
      }>("status");
      this.groups = status.processGroups;
      this.problems = status.problems;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    return html`
      <div class="row" style="justify-content: space-between"><h2>Services</h2><button @click=${() => this.#load()}>Refresh</button></div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      ${this.problems.length ? html`<div class="banner warn">${this.problems.map((p) => html`<div>${p}</div>`)}</div>` : ""}
      <div class="grid">
        ${(this.groups ?? []).map(
          (group) => html`
          <section class="panel" data-testid="process-group" data-group=${group.group}>
            <h3><span>${group.group}</span><span class="muted">${group.instances.length} instance${group.instances.length === 1 ? "" : "s"}</span></h3>
            <div class="muted">runs ${group.services.join(", ")}</div>
            <table>
              ${group.instances.map(
                (i) => html`<tr data-testid="instance" data-service=${i.name}>
                <th scope="row">${i.name}</th>
                <td class="mono" title=${i.id}>${i.id}</td>
                <td><span class="pill ${i.status === "ready" ? "ok" : "err"}">${i.status}</span></td>
                <td>${i.rssBytes ? `${Math.round(i.rssBytes / 1048576)} MB` : ""}</td>
                <td>${i.uptimeSeconds !== undefined ? uptime(i.uptimeSeconds) : ""}</td>
                <td class="muted">${i.region ?? ""}</td>
              </tr>`,
              )}
            </table>
          </section>`,
        )}
      </div>
    `;
  }
}

function uptime(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
customElements.define("claw-services", ClawServices);
