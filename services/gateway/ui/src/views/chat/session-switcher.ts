import { LitElement, html, css, type PropertyValues } from "lit";
import { newChatKey, sessionTitle } from "../../gateway/chat-session.js";
import type { GatewayClient } from "../../gateway/gateway-client.js";
import type { SessionRow } from "../../gateway/wire-types.js";
import { ago, theme } from "../../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

/**
 * The chat's session switcher: the sessions of `sessions.list` with a search box (label, name or key),
 * "New chat" (a fresh `agent:<id>:web-…` key), rename (`sessions.patch` label) and delete
 * (`sessions.delete`, confirmed). Choosing a session fires `open-session` with its key.
 */
export class ClawSessionSwitcher extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    sessionKey: {},
    mainKey: {},
    rows: { state: true },
    open: { state: true },
    query: { state: true },
    error: { state: true },
  };
  static override styles = [
    theme,
    css`
    :host { display: block; min-width: 0; flex: 1; }
    .toggle { max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .panel { margin-top: 8px; display: grid; gap: 8px; }
    .tools { display: flex; gap: 8px; }
    .tools input { flex: 1; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; max-height: 50vh; overflow-y: auto; }
    li { display: flex; gap: 6px; align-items: center; min-width: 0; }
    li .pick { flex: 1; min-width: 0; text-align: left; display: grid; }
    li .pick span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    li[aria-current="true"] .pick { border-color: var(--accent); }
    li button.small { padding: 0.3em 0.6em; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare sessionKey: string;
  declare mainKey: string;
  declare rows: SessionRow[];
  declare open: boolean;
  declare query: string;
  declare error: string | undefined;
  #off: (() => void) | undefined;
  // Loads overlap (sessions.changed, a switch); only the latest one's answer is shown.
  #loads = 0;

  constructor() {
    super();
    this.rows = [];
    this.open = false;
    this.query = "";
    this.connected = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#off = this.client.on("sessions.changed", () => void this.#load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#off?.();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has("connected") || changed.has("sessionKey")) && this.connected)
      void this.#load();
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    try {
      const list = await this.client.request<{ sessions: SessionRow[] }>("sessions.list", {
        limit: 200,
      });
      if (load !== this.#loads) return;
      this.rows = list.sessions;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** The listed sessions, with the agent's main session first when it has no state yet. */
  get #all(): SessionRow[] {
    if (!this.mainKey || this.rows.some((row) => row.key === this.mainKey)) return this.rows;
    const agentId = this.mainKey.split(":")[1] ?? "main";
    return [{ key: this.mainKey, sessionId: "", agentId, updatedAt: 0 }, ...this.rows];
  }

  /** Sessions whose label, name or key contains every word of the search box. */
  get #shown(): SessionRow[] {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.#all.filter((row) => {
      const text = `${row.label ?? ""} ${row.displayName ?? ""} ${row.key}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }

  override render() {
    const current = this.rows.find((row) => row.key === this.sessionKey);
    const title = current ? sessionTitle(current) : this.sessionKey;
    return html`
      <button class="toggle" data-testid="sessions-toggle" aria-expanded=${this.open} title="Switch chat" @click=${() => (this.open = !this.open)}>☰ <span data-testid="chat-title">${title}</span></button>
      ${this.open ? this.#panel() : ""}
    `;
  }

  #panel() {
    const shown = this.#shown;
    return html`
      <div class="panel" data-testid="session-switcher">
        <div class="tools">
          <input type="search" aria-label="search chats" placeholder="Search chats" .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
          <button class="primary" data-testid="new-chat" ?disabled=${!this.connected} @click=${this.#newChat}>New chat</button>
        </div>
        ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
        ${shown.length === 0 ? html`<p class="muted">No chat matches.</p>` : ""}
        <ul>
          ${shown.map(
            (row) => html`
            <li data-testid="chat-session" data-key=${row.key} aria-current=${row.key === this.sessionKey}>
              <button class="pick" @click=${() => this.#choose(row.key)}>
                <span data-testid="chat-session-title">${sessionTitle(row)}</span>
                <span class="muted mono">${row.key}${row.updatedAt ? ` · ${ago(row.updatedAt)}` : ""}</span>
              </button>
              <button class="small" title="Rename" aria-label="rename ${sessionTitle(row)}" @click=${() => this.#rename(row)}>✎</button>
              ${row.sessionId ? html`<button class="small danger" title="Delete" aria-label="delete ${sessionTitle(row)}" @click=${() => this.#delete(row)}>🗑</button>` : ""}
            </li>`,
          )}
        </ul>
      </div>
    `;
  }

  #choose(key: string): void {
    this.open = false;
    this.query = "";
    this.dispatchEvent(
      new CustomEvent("open-session", { detail: key, bubbles: true, composed: true }),
    );
  }

  #newChat = async () => {
    const key = newChatKey(this.mainKey);
    try {
      await this.client.request("sessions.patch", { key });
      await this.#load();
      this.#choose(key);
    } catch (error) {
      this.error = `Could not start a new chat: ${errorMessage(error)}`;
    }
  };

  async #rename(row: SessionRow): Promise<void> {
    const name = prompt("Name this chat", row.label ?? "");
    if (name === null) return;
    try {
      await this.client.request("sessions.patch", { key: row.key, label: name.trim() || null });
      await this.#load();
    } catch (error) {
      this.error = `Could not rename: ${errorMessage(error)}`;
    }
  }

  async #delete(row: SessionRow): Promise<void> {
    if (!confirm(`Delete "${sessionTitle(row)}"? Its messages are gone for good.`)) return;
    try {
      await this.client.request("sessions.delete", { key: row.key });
      await this.#load();
      if (row.key === this.sessionKey) this.#choose(this.mainKey);
    } catch (error) {
      this.error = `Could not delete: ${errorMessage(error)}`;
    }
  }
}
customElements.define("claw-session-switcher", ClawSessionSwitcher);
