import { LitElement, html, css } from "lit";
import type { GatewayClient } from "../../gateway/gateway-client.js";
import { theme } from "../../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";
import { fieldErrors } from "./cron-wire.js";

type Kind = "at" | "every" | "cron";
const EVERY_UNITS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** The browser's IANA time zone, the default for a cron expression. */
function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * The "add job" form: schedule kind (at / every / cron with zone), message, where it runs and
 * where the reply goes. It sends `cron.add` as is — the gateway and the agents service validate —
 * and shows each error next to the field it names. Fires `job-added` on success.
 */
export class ClawJobForm extends LitElement {
  static override properties = {
    client: { attribute: false },
    kind: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  static override styles = [
    theme,
    css`
    form { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px 12px; }
    label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; color: var(--muted); }
    label > input, label > select, label > textarea { color: var(--text); }
    .wide { grid-column: 1 / -1; }
    .field-error { color: var(--err); font-size: 12px; }
    textarea { min-height: 4em; font-family: inherit; font-size: 14px; }
  `,
  ];
  declare client: GatewayClient;
  declare kind: Kind;
  declare errors: Record<string, string>;
  declare busy: boolean;

  constructor() {
    super();
    this.kind = "cron";
    this.errors = {};
    this.busy = false;
  }

  #value(name: string): string {
    const el = this.renderRoot.querySelector<HTMLInputElement>(`[name="${name}"]`);
    return el?.value.trim() ?? "";
  }

  #schedule(): Record<string, unknown> {
    switch (this.kind) {
      case "at": {
        const local = this.#value("at");
        const ms = Date.parse(local);
        return { kind: "at", at: Number.isNaN(ms) ? local : new Date(ms).toISOString() };
      }
      case "every": {
        const unit = this.#value("everyUnit") as keyof typeof EVERY_UNITS;
        return { kind: "every", everyMs: Number(this.#value("every")) * (EVERY_UNITS[unit] ?? 0) };
      }
      case "cron":
        return { kind: "cron", expr: this.#value("expr"), tz: this.#value("tz") || undefined };
    }
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const target = this.#value("sessionTarget") === "main" ? "main" : "isolated";
    const message = this.#value("message");
    const channel = this.#value("channel");
    const job = {
      agentId: this.#value("agentId") || "main",
      ...(this.#value("name") ? { name: this.#value("name") } : {}),
      schedule: this.#schedule(),
      sessionTarget: target,
      payload:
        target === "main" ? { kind: "systemEvent", text: message } : { kind: "agentTurn", message },
      ...(channel
        ? {
            delivery: {
              channel,
              to: this.#value("to"),
              ...(this.#value("accountId") ? { accountId: this.#value("accountId") } : {}),
            },
          }
        : {}),
    };
    this.busy = true;
    try {
      await this.client.request("cron.add", job);
      this.errors = {};
      this.renderRoot.querySelector("form")?.reset();
      this.dispatchEvent(new CustomEvent("job-added", { bubbles: true, composed: true }));
    } catch (error) {
      this.errors = fieldErrors(errorMessage(error));
    } finally {
      this.busy = false;
    }
  }

  #error(field: string) {
    const text = this.errors[field];
    return text
      ? html`<span class="field-error" role="alert" data-testid="error-${field}">${text}</span>`
      : "";
  }

  #scheduleFields() {
    switch (this.kind) {
      case "at":
        return html`<label>when <input name="at" type="datetime-local" required />${this.#error("at")}</label>`;
      case "every":
        return html`<label>every <input name="every" type="number" min="1" value="30" />${this.#error("every")}</label>
          <label>unit <select name="everyUnit">${Object.keys(EVERY_UNITS).map((u) => html`<option value=${u}>${u}</option>`)}</select></label>`;
      case "cron":
        return html`<label>cron expression <input name="expr" placeholder="0 9 * * 1-5" />${this.#error("expr")}</label>
          <label>time zone <input name="tz" value=${localZone()} />${this.#error("tz")}</label>`;
    }
  }

  override render() {
    return html`
      <form class="panel" @submit=${this.#submit} aria-label="add job">
        <label>name <input name="name" placeholder="morning brief" />${this.#error("name")}</label>
        <label>agent <input name="agentId" value="main" />${this.#error("agentId")}</label>
        <label>schedule
          <select name="kind" aria-label="schedule kind" @change=${(e: Event) => {
            this.kind = (e.target as HTMLSelectElement).value as Kind;
          }}>
            <option value="cron" ?selected=${this.kind === "cron"}>cron expression</option>
            <option value="every" ?selected=${this.kind === "every"}>every…</option>
            <option value="at" ?selected=${this.kind === "at"}>once at…</option>
          </select>
        </label>
        ${this.#scheduleFields()}
        <label>runs in
          <select name="sessionTarget">
            <option value="isolated">its own session (agent turn)</option>
            <option value="main">the main session (system event)</option>
          </select>
        </label>
        <label class="wide">message <textarea name="message" placeholder="Summarise my unread mail"></textarea>${this.#error("message")}</label>
        <label>deliver to channel <input name="channel" placeholder="telegram (optional)" />${this.#error("channel")}</label>
        <label>recipient <input name="to" placeholder="chat id" />${this.#error("to")}</label>
        <label>account <input name="accountId" placeholder="default" />${this.#error("accountId")}</label>
        <div class="wide row">
          <button class="primary" type="submit" ?disabled=${this.busy}>Add job</button>
          ${this.#error("form")}
        </div>
      </form>
    `;
  }
}
customElements.define("claw-job-form", ClawJobForm);
