import { LitElement, html, css, nothing, type TemplateResult } from "lit";
import { theme } from "../styles/theme.js";
import {
  fieldKind,
  fieldText,
  isSecretKey,
  mergePatch,
  parseFieldText,
  resolveRef,
  valueAt,
  type FieldKind,
  type SchemaNode,
} from "./form-model.js";

interface Change {
  path: string[];
  value: unknown;
}

/**
 * The config as a form generated from its JSON Schema: a collapsible section per object, a control
 * per setting (checkbox, choice, number, text, one-item-per-line list, JSON for unions and maps),
 * its description as help and its default as placeholder. Secrets are masked and never shown: an
 * untouched secret is not sent, so the stored one stays. "Save" dispatches `config-patch` with a
 * merge patch of what changed (an emptied field removes the key).
 */
export class ClawConfigForm extends LitElement {
  static override properties = {
    schema: { attribute: false },
    value: { attribute: false },
    saving: { type: Boolean },
    changes: { state: true },
    problems: { state: true },
    open: { state: true },
  };
  static override styles = [
    theme,
    css`
    details { border-left: 2px solid var(--border); padding-left: 10px; margin: 4px 0; }
    summary { cursor: pointer; padding: 4px 0; font-weight: 600; }
    .field { display: grid; gap: 2px; margin: 8px 0; max-width: 640px; }
    .field label { font-family: var(--mono, monospace); font-size: 13px; }
    .field .help { font-size: 12px; }
    .field input[type="text"], .field input[type="password"], .field input[type="number"], .field select, .field textarea { width: 100%; box-sizing: border-box; }
    .field textarea { min-height: 4em; }
    .field.changed label::after { content: " • changed"; color: var(--warn); font-family: inherit; }
    .problem { color: var(--err); font-size: 12px; }
    .bar { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
  `,
  ];
  declare schema: SchemaNode;
  declare value: unknown;
  declare saving: boolean;
  declare changes: Map<string, Change>;
  declare problems: Map<string, string>;
  declare open: Set<string>;

  constructor() {
    super();
    this.saving = false;
    this.changes = new Map();
    this.problems = new Map();
    this.open = new Set();
  }

  /** Forgets every unsaved change (after a save, or when the config is reloaded). */
  reset(): void {
    this.changes = new Map();
    this.problems = new Map();
  }

  #set(path: string[], kind: FieldKind, text: string | boolean): void {
    const id = path.join(".");
    const problems = new Map(this.problems);
    const changes = new Map(this.changes);
    try {
      changes.set(id, {
        path,
        value: typeof text === "boolean" ? text : parseFieldText(kind, text),
      });
      problems.delete(id);
    } catch (error) {
      changes.delete(id);
      problems.set(id, error instanceof Error ? error.message : String(error));
    }
    this.changes = changes;
    this.problems = problems;
  }

  #toggle(id: string, event: Event): void {
    const open = new Set(this.open);
    if ((event.target as HTMLDetailsElement).open) open.add(id);
    else open.delete(id);
    this.open = open;
  }

  #save(): void {
    this.dispatchEvent(
      new CustomEvent("config-patch", {
        detail: mergePatch(this.changes),
        bubbles: true,
        composed: true,
      }),
    );
  }

  #object(node: SchemaNode, path: string[]): TemplateResult[] {
    const resolved = resolveRef(node, this.schema);
    return Object.entries(resolved.properties ?? {})
      .filter(([key]) => !key.startsWith("$"))
      .map(([key, child]) => this.#field(key, child, [...path, key]));
  }

  #field(key: string, node: SchemaNode, path: string[]): TemplateResult {
    const id = path.join(".");
    const resolved = resolveRef(node, this.schema);
    const kind = fieldKind(resolved, this.schema);
    if (kind === "object") {
      const isOpen = this.open.has(id);
      return html`<details data-path=${id} ?open=${isOpen} @toggle=${(e: Event) => this.#toggle(id, e)}>
        <summary>${key}</summary>
        ${resolved.description ? html`<div class="muted help">${resolved.description}</div>` : nothing}
        ${isOpen ? this.#object(resolved, path) : nothing}
      </details>`;
    }
    const change = this.changes.get(id);
    const stored = valueAt(this.value, path);
    const current = change ? change.value : stored;
    const secret = kind === "string" && isSecretKey(key);
    const fallback = resolved.default === undefined ? "" : fieldText(kind, resolved.default);
    const input = `cfg-${id}`;
    const onText = (e: Event) =>
      this.#set(path, kind, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
    let control: TemplateResult;
    if (kind === "boolean")
      control = html`<input id=${input} type="checkbox" .checked=${Boolean(current ?? resolved.default)} @change=${(e: Event) => this.#set(path, kind, (e.target as HTMLInputElement).checked)} />`;
    else if (kind === "enum")
      control = html`<select id=${input} @change=${onText}>
        <option value="" ?selected=${current === undefined || current === null}>${fallback ? `(default: ${fallback})` : "(not set)"}</option>
        ${(resolved.enum as string[]).map((v) => html`<option value=${v} ?selected=${current === v}>${v}</option>`)}
      </select>`;
    else if (secret)
      control = html`<input id=${input} type="password" autocomplete="off" .value=${change && typeof change.value === "string" ? change.value : ""} placeholder=${typeof stored === "string" ? "set (hidden) — type to replace" : "not set"} @input=${onText} />`;
    else if (kind === "list" || kind === "json")
      control = html`<textarea id=${input} spellcheck="false" class="mono" .value=${change ? fieldText(kind, change.value) : fieldText(kind, stored)} placeholder=${fallback} @input=${onText}></textarea>`;
    else
      control = html`<input id=${input} type=${kind === "number" ? "number" : "text"} .value=${fieldText(kind, current)} placeholder=${fallback} @input=${onText} />`;
    const problem = this.problems.get(id);
    return html`<div class="field ${change ? "changed" : ""}" data-path=${id}>
      <label for=${input}>${key}</label>
      ${control}
      ${resolved.description ? html`<div class="muted help">${resolved.description}${kind === "list" ? " (one per line)" : ""}</div>` : nothing}
      ${problem ? html`<div class="problem" role="alert">${problem}</div>` : nothing}
    </div>`;
  }

  override render() {
    if (!this.schema) return html`<p class="muted">Loading the schema…</p>`;
    const count = this.changes.size;
    return html`
      <div class="bar">
        <button class="primary" ?disabled=${count === 0 || this.problems.size > 0 || this.saving} @click=${() => this.#save()}>
          ${this.saving ? "Saving…" : count === 0 ? "No changes" : `Save ${count} change${count === 1 ? "" : "s"}`}
        </button>
        ${count > 0 ? html`<button @click=${() => this.reset()}>Discard</button>` : nothing}
        <span class="muted">Secrets are never shown; leave them empty to keep them.</span>
      </div>
      ${this.#object(this.schema, [])}
    `;
  }
}
customElements.define("claw-config-form", ClawConfigForm);
