import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import { theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

interface FileInfo {
  name: string;
  missing: boolean;
  size?: number;
  updatedAtMs?: number;
  content?: string;
}

/** An agent's workspace (SOUL.md, USER.md, MEMORY.md, memory/…): pick a file, read it, edit and save it. */
export class ClawWorkspace extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    agentId: { state: true },
    files: { state: true },
    selected: { state: true },
    draft: { state: true },
    saved: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = [
    theme,
    css`
    .layout { display: grid; grid-template-columns: minmax(160px, 220px) 1fr; gap: 12px; }
    ul { list-style: none; margin: 0; padding: 0; }
    li button { width: 100%; text-align: left; border: none; background: none; }
    li button[aria-current="true"] { background: var(--panel-2); }
    textarea { width: 100%; min-height: 55vh; }
    .row { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; flex-wrap: wrap; }
    @media (max-width: 640px) { .layout { grid-template-columns: 1fr; } }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare agentId: string;
  declare files: FileInfo[];
  declare selected: string | undefined;
  declare draft: string;
  declare saved: string;
  declare error: string | undefined;
  declare notice: string | undefined;

  constructor() {
    super();
    this.connected = false;
    this.agentId = "main";
    this.files = [];
    this.draft = "";
    this.saved = "";
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected) void this.#list();
  }

  async #list(): Promise<void> {
    try {
      const reply = await this.client.request<{ files: FileInfo[] }>("agents.files.list", {
        agentId: this.agentId,
      });
      this.files = reply.files;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #open(name: string): Promise<void> {
    try {
      const reply = await this.client.request<{ file: FileInfo }>("agents.files.get", {
        agentId: this.agentId,
        name,
      });
      this.selected = name;
      this.draft = this.saved = reply.file.content ?? "";
      this.error = this.notice = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #save(): Promise<void> {
    if (!this.selected) return;
    try {
      await this.client.request("agents.files.set", {
        agentId: this.agentId,
        name: this.selected,
        content: this.draft,
      });
      this.saved = this.draft;
      this.notice = `${this.selected} saved; the next message uses it.`;
      this.error = undefined;
      void this.#list();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    return html`
      <div class="row"><h2>Workspace</h2>
        <label>agent <input aria-label="agent id" .value=${this.agentId} @change=${(e: Event) => {
          this.agentId = (e.target as HTMLInputElement).value.trim() || "main";
          this.selected = undefined;
          void this.#list();
        }} /></label>
      </div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      ${this.notice ? html`<div class="banner ok" role="status">${this.notice}</div>` : ""}
      <div class="layout">
        <ul class="panel" data-testid="workspace-files">
          ${this.files.map(
            (f) =>
              html`<li><button aria-current=${this.selected === f.name ? "true" : "false"} @click=${() => this.#open(f.name)}>${f.name} <span class="muted">${f.missing ? "(missing)" : `${f.size} B`}</span></button></li>`,
          )}
        </ul>
        <div>
          ${
            this.selected
              ? html`<div class="row"><strong>${this.selected}</strong>
                  <button class="primary" ?disabled=${this.draft === this.saved} @click=${this.#save}>Save</button>
                  <button ?disabled=${this.draft === this.saved} @click=${() => (this.draft = this.saved)}>Revert</button></div>
                <textarea aria-label="file content" .value=${this.draft} @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}></textarea>`
              : html`<p class="muted">Pick a file. SOUL.md is the persona, USER.md the owner, MEMORY.md long-term memory (private chats only).</p>`
          }
        </div>
      </div>
    `;
  }
}
customElements.define("claw-workspace", ClawWorkspace);
