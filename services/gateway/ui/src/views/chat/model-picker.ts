import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../../gateway/gateway-client.js";
import type { ModelEntry, SessionRow } from "../../gateway/wire-types.js";
import { theme } from "../../styles/theme.js";
import { sessionModel } from "./attachments/model-image-input.js";
import { errorMessage } from "@clawfleet/core/errors";

/**
 * The model of one chat session: the models of `models.list` (those without a key disabled, with
 * why) and "Default" (the configured model). A choice is stored with `sessions.patch` and used
 * from the session's next turn. Each load or change fires `model-resolved` with the `models.list`
 * entry the session's next turn uses (`detail.model`, undefined when unknown).
 */
export class ClawModelPicker extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    sessionKey: {},
    models: { state: true },
    chosen: { state: true },
    error: { state: true },
  };
  static override styles = [
    theme,
    css`
    :host { display: flex; gap: 6px; align-items: center; min-width: 0; max-width: 100%; }
    select { min-width: 0; max-width: 100%; text-overflow: ellipsis; }
    .err { color: var(--err); font-size: 13px; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare sessionKey: string;
  declare models: ModelEntry[];
  /** The session's own model (`provider/model`), or "" for the configured one. */
  declare chosen: string;
  declare error: string | undefined;
  // The session's row as last described (its model when it has no choice of its own).
  #row: SessionRow | null = null;
  // A switch while a load is under way: only the latest session's answer is shown.
  #loads = 0;

  constructor() {
    super();
    this.models = [];
    this.chosen = "";
    this.connected = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has("connected") || changed.has("sessionKey")) && this.connected)
      void this.#load();
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    try {
      const [list, described] = await Promise.all([
        this.client.request<{ models: ModelEntry[] }>("models.list"),
        this.client.request<{ session: SessionRow | null }>("sessions.describe", {
          key: this.sessionKey,
        }),
      ]);
      if (load !== this.#loads) return;
      this.models = list.models;
      const row = described.session;
      this.#row = row;
      this.chosen =
        row?.providerOverride && row.modelOverride
          ? `${row.providerOverride}/${row.modelOverride}`
          : "";
      this.error = undefined;
      this.#announce();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  #announce(): void {
    const model = sessionModel(this.models, this.chosen, this.#row);
    this.dispatchEvent(new CustomEvent("model-resolved", { detail: { model } }));
  }

  override render() {
    const known = this.models.some((m) => m.ref === this.chosen);
    return html`
      <select aria-label="model" data-testid="model-picker" title="Model of this chat" ?disabled=${!this.connected || this.models.length === 0} @change=${this.#change}>
        <option value="" ?selected=${this.chosen === ""}>Default model</option>
        ${this.chosen && !known ? html`<option value=${this.chosen} selected>${this.chosen}</option>` : ""}
        ${this.models.map(
          (m) =>
            html`<option value=${m.ref} ?selected=${m.ref === this.chosen} ?disabled=${m.available === false} title=${m.reason ?? ""}>${m.alias ? `${m.alias} · ` : ""}${m.ref}${m.available === false ? " (no key)" : ""}</option>`,
        )}
      </select>
      ${this.error ? html`<span class="err" role="alert">${this.error}</span>` : ""}
    `;
  }

  #change = async (event: Event) => {
    const select = event.target as HTMLSelectElement;
    const wanted = select.value;
    try {
      await this.client.request("sessions.patch", { key: this.sessionKey, model: wanted || null });
      this.chosen = wanted;
      this.error = undefined;
      this.#announce();
    } catch (error) {
      select.value = this.chosen;
      this.error = `Model not changed: ${errorMessage(error)}`;
    }
  };
}
customElements.define("claw-model-picker", ClawModelPicker);
