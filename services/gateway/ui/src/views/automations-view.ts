import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import { ago, theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";
import {
  jobTargetInWords,
  scheduleInWords,
  type CronJobRow,
  type CronRunRow,
} from "./automations/cron-wire.js";
import "./automations/job-form.js";

/** A time ahead or behind, short. */
function when(ms: number | undefined): string {
  if (!ms) return "—";
  return ms > Date.now() ? new Date(ms).toLocaleString() : ago(ms);
}

/**
 * Scheduled jobs (cron.list with disabled ones): schedule, target, enabled, next and last run; a
 * selected job's runs (cron.runs); enable/disable, run now, delete; and the add-job form.
 */
export class ClawAutomations extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    jobs: { state: true },
    selected: { state: true },
    runs: { state: true },
    schedulerOn: { state: true },
    error: { state: true },
    busy: { state: true },
    adding: { state: true },
  };
  static override styles = [
    theme,
    css`
    ul { list-style: none; padding: 0; margin: 0 0 12px; display: grid; gap: 8px; }
    li.job { display: grid; grid-template-columns: 1fr auto; gap: 6px 12px; align-items: start; }
    li.job[aria-selected="true"] { border-color: var(--accent); }
    .title { font-weight: 600; word-break: break-word; }
    .meta { color: var(--muted); font-size: 13px; }
    .actions { display: flex; gap: 6px; flex-wrap: wrap; justify-content: flex-end; }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--border); }
    .runs { overflow-x: auto; }
    @media (max-width: 640px) { li.job { grid-template-columns: 1fr; } .actions { justify-content: flex-start; } }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare jobs: CronJobRow[] | undefined;
  declare selected: string | undefined;
  declare runs: CronRunRow[];
  declare schedulerOn: boolean | undefined;
  declare error: string | undefined;
  declare busy: string | undefined;
  declare adding: boolean;

  constructor() {
    super();
    this.connected = false;
    this.runs = [];
    this.adding = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("connected") && this.connected) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const [list, status] = await Promise.all([
        this.client.request<{ jobs: CronJobRow[] }>("cron.list", { includeDisabled: true }),
        this.client.request<{ enabled: boolean }>("cron.status", {}),
      ]);
      this.jobs = list.jobs;
      this.schedulerOn = status.enabled;
      this.error = undefined;
      if (this.selected) await this.#loadRuns(this.selected);
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #loadRuns(id: string): Promise<void> {
    const reply = await this.client.request<{ entries: CronRunRow[] }>("cron.runs", {
      id,
      limit: 20,
    });
    if (this.selected === id) this.runs = reply.entries;
  }

  async #act(id: string, action: () => Promise<unknown>): Promise<void> {
    this.busy = id;
    try {
      await action();
      await this.#load();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = undefined;
    }
  }

  #select(id: string) {
    this.selected = this.selected === id ? undefined : id;
    this.runs = [];
    if (this.selected) void this.#loadRuns(id).catch((e) => (this.error = errorMessage(e)));
  }

  #toggle(job: CronJobRow) {
    return this.#act(job.id, () =>
      this.client.request("cron.update", { id: job.id, patch: { enabled: !job.enabled } }),
    );
  }

  #runNow(job: CronJobRow) {
    this.selected = job.id;
    return this.#act(job.id, () => this.client.request("cron.run", { id: job.id }));
  }

  #remove(job: CronJobRow) {
    if (!confirm(`Delete the job ${job.name ?? job.id}? It will not run again.`)) return;
    if (this.selected === job.id) this.selected = undefined;
    return this.#act(job.id, () => this.client.request("cron.remove", { id: job.id }));
  }

  #lastRun(job: CronJobRow) {
    const s = job.state;
    if (!s.lastRunAtMs) return html`never run`;
    const cls = s.lastStatus === "error" ? "err" : s.lastStatus === "skipped" ? "warn" : "ok";
    return html`last <span class="pill ${cls}">${s.lastStatus ?? "ran"}</span> ${ago(s.lastRunAtMs)}${s.lastError ? html` · ${s.lastError}` : ""}`;
  }

  #job(job: CronJobRow) {
    const text = job.payload.kind === "agentTurn" ? job.payload.message : job.payload.text;
    const busy = this.busy === job.id;
    return html`
      <li class="panel job" data-testid="cron-job" data-job-id=${job.id} aria-selected=${this.selected === job.id ? "true" : "false"}>
        <div>
          <div class="title">${job.name ?? text.slice(0, 60)}
            <span class="pill ${job.enabled ? "ok" : "warn"}">${job.enabled ? "enabled" : "disabled"}</span></div>
          <div class="meta" data-testid="schedule">${scheduleInWords(job.schedule)} · ${jobTargetInWords(job)}</div>
          <div class="meta">next ${job.enabled ? when(job.state.nextRunAtMs) : "—"} · ${this.#lastRun(job)}</div>
        </div>
        <div class="actions">
          <button @click=${() => this.#select(job.id)}>${this.selected === job.id ? "Hide runs" : "Runs"}</button>
          <button ?disabled=${busy} @click=${() => this.#toggle(job)}>${job.enabled ? "Disable" : "Enable"}</button>
          <button ?disabled=${busy} @click=${() => this.#runNow(job)}>Run now</button>
          <button class="danger" ?disabled=${busy} @click=${() => this.#remove(job)}>Delete</button>
        </div>
        ${this.selected === job.id ? this.#runsTable() : ""}
      </li>`;
  }

  #runsTable() {
    if (this.runs.length === 0)
      return html`<p class="muted" style="grid-column: 1 / -1">No runs yet.</p>`;
    return html`<div class="runs" style="grid-column: 1 / -1"><table data-testid="cron-runs">
      <thead><tr><th>due</th><th>status</th><th>by</th><th>session</th><th>note</th></tr></thead>
      <tbody>${this.runs.map(
        (run) => html`<tr data-testid="cron-run">
          <td>${new Date(run.dueAtMs).toLocaleString()}${run.manual ? " (manual)" : ""}</td>
          <td>${run.status}</td><td class="mono">${run.claimedBy}</td>
          <td class="mono">${run.sessionKey ?? "—"}</td><td>${run.note ?? ""}</td></tr>`,
      )}</tbody></table></div>`;
  }

  override render() {
    return html`
      <div class="row" style="justify-content: space-between"><h2>Automations</h2>
        <div class="row">
          <button @click=${() => (this.adding = !this.adding)}>${this.adding ? "Close form" : "Add job"}</button>
          <button @click=${() => this.#load()}>Refresh</button>
        </div>
      </div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      ${this.schedulerOn === false ? html`<div class="banner warn">No scheduler answers: start the agents service so jobs run.</div>` : ""}
      ${this.adding ? html`<claw-job-form .client=${this.client} @job-added=${() => this.#load()}></claw-job-form>` : ""}
      ${this.jobs?.length === 0 ? html`<p class="muted">No scheduled jobs. Add one, or ask the agent ("remind me tomorrow at 9").</p>` : ""}
      <ul>${(this.jobs ?? []).map((job) => this.#job(job))}</ul>
    `;
  }
}
customElements.define("claw-automations", ClawAutomations);
