import JSON5 from "json5";
import { LitElement, html, css, type PropertyValues } from "lit";
import "../config/config-form.js";
import type { ClawConfigForm } from "../config/config-form.js";
import { lineOfPath } from "../config/locate-path.js";
import { validateAgainstSchema, type SchemaIssue } from "../config/schema-validator.js";
import { GatewayRequestError, type GatewayClient } from "../gateway/gateway-client.js";
import { theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";

interface ConfigGet {
  path: string;
  exists: boolean;
  raw: string;
  hash: string;
  valid: boolean;
  issues: SchemaIssue[];
  warnings: SchemaIssue[];
  applied: boolean;
  /** This gateway's openclaw.json, a mirror of the config on the bus. */
  mirror?: { path: string; synced: boolean; valid: boolean; issues: SchemaIssue[] };
}

/**
 * The config editor: the config's text as stored on the bus (every gateway's openclaw.json mirrors
 * it), validated as you type against the JSON Schema from `config.schema` (errors listed inline with
 * their line), saved with `config.set` + `baseHash`; a stale hash (someone saved meanwhile, through
 * any gateway or over SSH) offers reload or overwrite. A refused edit of this gateway's file is shown
 * apart, with its issues.
 */
export class ClawConfig extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    file: { state: true },
    draft: { state: true },
    errors: { state: true },
    warnings: { state: true },
    stale: { state: true },
    notice: { state: true },
    failure: { state: true },
    saving: { state: true },
    mode: { state: true },
    formErrors: { state: true },
  };
  static override styles = [
    theme,
    css`
    textarea { width: 100%; min-height: 50vh; tab-size: 2; }
    textarea[aria-invalid="true"] { border-color: var(--err); }
    ul.issues { margin: 8px 0; padding-left: 0; list-style: none; display: grid; gap: 4px; }
    ul.issues li { padding: 4px 8px; border-left: 3px solid var(--err); background: var(--panel); font-size: 13px; }
    ul.issues li.warning { border-left-color: var(--warn); }
    .bar { display: flex; gap: 8px; align-items: center; justify-content: space-between; margin: 8px 0; flex-wrap: wrap; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare file: ConfigGet | undefined;
  declare draft: string;
  declare errors: SchemaIssue[];
  declare warnings: SchemaIssue[];
  declare stale: boolean;
  declare notice: string | undefined;
  declare failure: string | undefined;
  declare saving: boolean;
  /** Which editor shows: the generated form or the JSON5 text. */
  declare mode: "form" | "text";
  /** The gateway's reasons for refusing the form's last save. */
  declare formErrors: SchemaIssue[];
  #schema: Record<string, unknown> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.connected = false;
    this.draft = "";
    this.errors = [];
    this.warnings = [];
    this.stale = false;
    this.saving = false;
    this.mode = "text";
    this.formErrors = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected && !this.file) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [file, schema] = await Promise.all([
        this.client.request<ConfigGet>("config.get"),
        this.#schema
          ? Promise.resolve({ schema: this.#schema })
          : this.client.request<{ schema: Record<string, unknown> }>("config.schema"),
      ]);
      this.#schema = schema.schema;
      this.file = file;
      this.draft = file.raw;
      this.stale = false;
      this.failure = undefined;
      this.#validate();
      if (!file.valid) this.errors = file.issues;
    } catch (error) {
      this.failure = errorMessage(error);
    }
  }

  #validate(): void {
    let value: unknown;
    try {
      value = JSON5.parse(this.draft);
    } catch (error) {
      const e = error as { lineNumber?: number; columnNumber?: number; message: string };
      this.errors = [
        {
          path: "",
          message: `syntax error${e.lineNumber ? ` at line ${e.lineNumber}:${e.columnNumber}` : ""}: ${e.message.replace(/^JSON5: /, "").replace(/ at \d+:\d+$/, "")}`,
        },
      ];
      this.warnings = [];
      return;
    }
    const report = this.#schema
      ? validateAgainstSchema(this.#schema, value)
      : { errors: [], warnings: [] };
    this.errors = report.errors;
    this.warnings = report.warnings;
  }

  #onInput(event: Event) {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.notice = undefined;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#validate(), 250);
  }

  async #save(baseHash = this.file?.hash) {
    clearTimeout(this.#timer);
    this.#validate();
    if (this.errors.length > 0) return;
    this.saving = true;
    try {
      const result = await this.client.request<{ hash: string; applied: boolean; path: string }>(
        "config.set",
        { raw: this.draft, baseHash },
      );
      this.file = { ...this.file!, raw: this.draft, hash: result.hash, valid: true, issues: [] };
      this.stale = false;
      this.notice = result.applied
        ? `Saved and applied to every service (mirrored to ${result.path}).`
        : `Saved to ${result.path}; it applies when the gateway restarts (gateway.reload.mode is off).`;
    } catch (error) {
      this.#refused(error);
    } finally {
      this.saving = false;
    }
  }

  /** Saves the form's merge patch with `config.patch`, then shows the stored result. */
  async #patch(event: CustomEvent<Record<string, unknown>>) {
    this.saving = true;
    this.notice = undefined;
    this.formErrors = [];
    try {
      const result = await this.client.request<{ applied: boolean; path: string }>("config.patch", {
        raw: JSON.stringify(event.detail),
        baseHash: this.file?.hash,
      });
      await this.#load();
      this.renderRoot.querySelector<ClawConfigForm>("claw-config-form")?.reset();
      this.notice = result.applied
        ? `Saved and applied to every service (mirrored to ${result.path}).`
        : `Saved to ${result.path}; it applies when the gateway restarts (gateway.reload.mode is off).`;
    } catch (error) {
      this.#refused(error);
    } finally {
      this.saving = false;
    }
  }

  /** Shows why a write was refused: someone saved meanwhile, the schema's issues, or the error. */
  #refused(error: unknown) {
    const code = error instanceof GatewayRequestError ? String(error.details.code ?? "") : "";
    if (code === "CONFIG_STALE") this.stale = true;
    else if (
      code === "CONFIG_INVALID" &&
      Array.isArray((error as GatewayRequestError).details.issues)
    ) {
      const issues = (error as GatewayRequestError).details.issues as SchemaIssue[];
      if (this.mode === "form") this.formErrors = issues;
      else this.errors = issues;
    } else this.failure = errorMessage(error);
  }

  #storedValue(): unknown {
    try {
      return JSON5.parse(this.file?.raw ?? "{}");
    } catch {
      return {};
    }
  }

  async #overwrite() {
    const latest = await this.client.request<ConfigGet>("config.get");
    await this.#save(latest.hash);
  }

  override render() {
    const file = this.file;
    const dirty = file !== undefined && this.draft !== file.raw;
    return html`
      <div class="bar">
        <h2 style="margin:0">Config</h2>
        <span class="muted mono">${file?.path ?? ""}</span>
        <div class="row" role="tablist" aria-label="editor">
          <button role="tab" aria-selected=${this.mode === "form"} @click=${() => (this.mode = "form")}>Form</button>
          <button role="tab" aria-selected=${this.mode === "text"} @click=${() => (this.mode = "text")}>JSON5</button>
        </div>
      </div>
      ${this.failure ? html`<div class="banner error" role="alert">${this.failure}</div>` : ""}
      ${file && !file.valid && !dirty ? html`<div class="banner error" role="alert">The config is invalid; every service keeps running on the last valid config until it is fixed.</div>` : ""}
      ${
        file?.mirror && !file.mirror.valid
          ? html`<div class="banner error" role="alert" data-testid="config-mirror-refused">
          ${file.mirror.path} on this gateway holds an edit that was refused; every service keeps the config shown here until the file is fixed:
          <ul class="issues">${file.mirror.issues.map((i) => html`<li>${i.path || "(root)"}: ${i.message}</li>`)}</ul>
        </div>`
          : ""
      }
      ${
        this.stale
          ? html`<div class="banner warn" role="alert" data-testid="config-stale">
          The config changed since you opened it (someone saved through a gateway, or openclaw.json was edited over SSH).
          <div class="row" style="margin-top:8px">
            <button @click=${() => this.#load()}>Reload (discard my edits)</button>
            <button class="danger" @click=${() => this.#overwrite()}>Overwrite with my version</button>
          </div>
        </div>`
          : ""
      }
      ${this.notice ? html`<div class="banner ok" role="status" data-testid="config-saved">${this.notice}</div>` : ""}
      ${
        this.mode === "form"
          ? html`<claw-config-form .schema=${this.#schema} .value=${this.#storedValue()} ?saving=${this.saving} @config-patch=${this.#patch}></claw-config-form>
          ${
            this.formErrors.length > 0
              ? html`<ul class="issues" data-testid="config-issues">${this.formErrors.map((i) => this.#issue(i, "error"))}</ul>`
              : ""
          }`
          : this.#textEditor(dirty)
      }
    `;
  }

  #textEditor(dirty: boolean) {
    const file = this.file;
    return html`
      <textarea spellcheck="false" aria-label="openclaw.json" aria-invalid=${this.errors.length > 0 ? "true" : "false"} .value=${this.draft} @input=${this.#onInput}></textarea>
      ${
        this.errors.length + this.warnings.length > 0
          ? html`<ul class="issues" data-testid="config-issues">
          ${this.errors.map((i) => this.#issue(i, "error"))}
          ${this.warnings.map((i) => this.#issue(i, "warning"))}
        </ul>`
          : ""
      }
      <div class="bar">
        <span class="muted">${this.errors.length > 0 ? `${this.errors.length} error${this.errors.length === 1 ? "" : "s"}` : dirty ? "unsaved changes" : "saved"}</span>
        <div class="row">
          <button ?disabled=${!dirty} @click=${() => {
            this.draft = file?.raw ?? "";
            this.#validate();
          }}>Revert</button>
          <button class="primary" data-testid="config-save" ?disabled=${!dirty || this.errors.length > 0 || this.saving} @click=${() => this.#save()}>Save</button>
        </div>
      </div>`;
  }

  #issue(issue: SchemaIssue, kind: "error" | "warning") {
    const line = issue.path ? lineOfPath(this.draft, issue.path) : undefined;
    return html`<li class=${kind} data-testid="config-${kind}">${line ? html`<span class="muted">line ${line} · </span>` : ""}<code>${issue.path || "(root)"}</code>: ${issue.message}</li>`;
  }
}
customElements.define("claw-config", ClawConfig);
