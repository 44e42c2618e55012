import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type { LogEntry, LogsPage } from "../gateway/wire-types.js";
import { theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

const POLL_MS = 2000;
const KEEP = 2000;

/** A live tail of every service's logs (from the LOGS stream), with service, level and text filters. */
export class ClawLogs extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    entries: { state: true },
    paused: { state: true },
    error: { state: true },
    service: { state: true },
    level: { state: true },
    filter: { state: true },
  };
  static override styles = [
    theme,
    css`
    .filters { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .tail { font-family: ui-monospace, Menlo, monospace; font-size: 12px; background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 8px; overflow: auto; height: 65vh; white-space: pre-wrap; word-break: break-word; }
    .l-warn { color: var(--warn); }
    .l-error, .l-fatal { color: var(--err); }
    .l-debug, .l-trace { color: var(--muted); }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare entries: LogEntry[];
  declare paused: boolean;
  declare error: string | undefined;
  declare service: string;
  declare level: string;
  declare filter: string;
  #cursor: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.connected = false;
    this.entries = [];
    this.paused = false;
    this.service = "";
    this.level = "";
    this.filter = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => this.connected && !this.paused && void this.#poll(), POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected) void this.#poll();
    if (changed.has("entries") && !this.paused)
      this.renderRoot.querySelector(".tail")?.scrollTo({ top: 1e9 });
  }

  async #poll(): Promise<void> {
    try {
      const page = await this.client.request<LogsPage>(
        "logs.tail",
        this.#cursor === undefined ? { limit: 300 } : { cursor: this.#cursor, limit: 500 },
      );
      this.#cursor = page.cursor;
      if (page.entries.length > 0) this.entries = [...this.entries, ...page.entries].slice(-KEEP);
      this.error = undefined;
      if (page.truncated) void this.#poll();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    const services = [...new Set(this.entries.map((e) => e.service))].sort();
    const text = this.filter.toLowerCase();
    const rank: Record<string, number> = {
      trace: 0,
      debug: 1,
      info: 2,
      warn: 3,
      error: 4,
      fatal: 5,
    };
    const shown = this.entries.filter(
      (e) =>
        (!this.service || e.service === this.service) &&
        (!this.level || (rank[e.level] ?? 0) >= (rank[this.level] ?? 0)) &&
        (!text || e.msg.toLowerCase().includes(text)),
    );
    return html`
      <div class="row" style="justify-content: space-between"><h2>Logs</h2><button @click=${() => (this.paused = !this.paused)}>${this.paused ? "Resume" : "Pause"}</button></div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      <div class="filters">
        <select aria-label="service" @change=${(e: Event) => (this.service = (e.target as HTMLSelectElement).value)}>
          <option value="">all services</option>
          ${services.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
        <select aria-label="level" @change=${(e: Event) => (this.level = (e.target as HTMLSelectElement).value)}>
          <option value="">all levels</option><option value="info">info+</option><option value="warn">warn+</option><option value="error">error+</option>
        </select>
        <input type="search" placeholder="filter text" aria-label="filter" @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
      </div>
      <div class="tail" data-testid="log-tail">${shown.map((e) => html`<div class="l-${e.level}">${new Date(e.ts).toLocaleTimeString()} ${e.level.padEnd(5)} ${e.service} ${e.msg}</div>`)}</div>
    `;
  }
}
customElements.define("claw-logs", ClawLogs);
