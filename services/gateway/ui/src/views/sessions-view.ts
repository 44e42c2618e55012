import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import type { SessionRow } from "../gateway/wire-types.js";
import { ago, theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

/** Sessions of every agent with a preview of their last messages; open one in the chat or reset it. */
export class ClawSessions extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    rows: { state: true },
    previews: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  static override styles = [
    theme,
    css`
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    li { display: grid; grid-template-columns: 1fr auto; gap: 6px 12px; align-items: start; }
    .key { word-break: break-all; }
    .preview { grid-column: 1 / -1; color: var(--muted); font-size: 13px; white-space: pre-wrap; max-height: 4.5em; overflow: hidden; }
    .actions { display: flex; gap: 6px; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare rows: SessionRow[] | undefined;
  declare previews: Record<string, { role: string; text: string }[]>;
  declare error: string | undefined;
  declare busy: string | undefined;

  constructor() {
    super();
    this.connected = false;
    this.previews = {};
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const list = await this.client.request<{ sessions: SessionRow[] }>("sessions.list", {
        limit: 100,
      });
      this.rows = list.sessions;
      this.error = undefined;
      const keys = list.sessions.slice(0, 50).map((s) => s.key);
      if (keys.length > 0) {
        const preview = await this.client.request<{
          previews: { key: string; items: { role: string; text: string }[] }[];
        }>("sessions.preview", { keys, limit: 2 });
        this.previews = Object.fromEntries(preview.previews.map((p) => [p.key, p.items]));
      }
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    return html`
      <div class="row" style="justify-content: space-between"><h2>Sessions</h2><button @click=${() => this.#load()}>Refresh</button></div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      ${this.rows?.length === 0 ? html`<p class="muted">No sessions yet.</p>` : ""}
      <ul>
        ${(this.rows ?? []).map(
          (row) => html`
          <li class="panel" data-testid="session">
            <div>
              <div class="key mono">${row.displayName ?? row.key}</div>
              <div class="muted">${row.agentId}${row.channel ? ` · ${row.channel}` : ""}${row.model ? ` · ${row.model}` : ""} · ${ago(row.updatedAt)}</div>
            </div>
            <div class="actions">
              <button @click=${() => this.#open(row.key)}>Open</button>
              <button class="danger" ?disabled=${this.busy === row.key} @click=${() => this.#reset(row.key)}>Reset</button>
            </div>
            <div class="preview">${(this.previews[row.key] ?? []).map((m) => `${m.role}: ${m.text}`).join("\n") || row.lastMessagePreview || ""}</div>
          </li>`,
        )}
      </ul>
    `;
  }

  #open(key: string) {
    this.dispatchEvent(
      new CustomEvent("open-session", { detail: key, bubbles: true, composed: true }),
    );
  }

  async #reset(key: string) {
    if (!confirm(`Reset ${key}? The agent forgets this conversation.`)) return;
    this.busy = key;
    try {
      await this.client.request("sessions.reset", { key });
      await this.#load();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = undefined;
    }
  }
}
customElements.define("claw-sessions", ClawSessions);
