import { LitElement, html, css, type PropertyValues } from "lit";
import type { GatewayClient } from "../gateway/gateway-client.js";
import { theme } from "../styles/theme.js";
import { errorMessage } from "@clawfleet/core/errors";
import {
  dollars,
  fillDays,
  tokens,
  usageChart,
  type DailyUsage,
  type UsageTotalsRow,
} from "./usage/usage-chart.js";

/** What `usage.cost` answers. */
interface UsageCost {
  startDate: string;
  endDate: string;
  totals: UsageTotalsRow;
  daily: DailyUsage[];
  byModel: (UsageTotalsRow & { model: string })[];
  byAgent: (UsageTotalsRow & { agentId: string })[];
  sessions: number;
}

const PERIODS = [
  [1, "Today"],
  [7, "7 days"],
  [30, "30 days"],
] as const;

/**
 * Tokens and cost from `usage.cost` for today, 7 or 30 days (UTC days): totals, per model, per
 * agent, and a bar per day.
 */
export class ClawUsage extends LitElement {
  static override properties = {
    client: { attribute: false },
    connected: { type: Boolean },
    days: { state: true },
    data: { state: true },
    error: { state: true },
  };
  static override styles = [
    theme,
    css`
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 8px; margin-bottom: 12px; }
    .card .value { font-size: 22px; font-weight: 600; }
    .card .label { color: var(--muted); font-size: 12px; }
    .periods button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: white; }
    .tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; margin-top: 12px; }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--border); }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    .legend { font-size: 12px; color: var(--muted); display: flex; gap: 12px; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
  `,
  ];
  declare client: GatewayClient;
  declare connected: boolean;
  declare days: number;
  declare data: UsageCost | undefined;
  declare error: string | undefined;

  constructor() {
    super();
    this.connected = false;
    this.days = 7;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has("connected") || changed.has("days")) && this.connected) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.data = await this.client.request<UsageCost>("usage.cost", { days: this.days });
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  #card(label: string, value: string, testId: string) {
    return html`<div class="panel card" data-testid=${testId}><div class="value">${value}</div><div class="label">${label}</div></div>`;
  }

  #table<T extends UsageTotalsRow>(
    title: string,
    rows: T[],
    name: (row: T) => string,
    testId: string,
  ) {
    return html`<div class="panel"><strong>${title}</strong>
      ${
        rows.length === 0
          ? html`<p class="muted">Nothing in this period.</p>`
          : html`<table data-testid=${testId}><thead><tr><th>${title.split(" ").at(-1)}</th><th class="n">in</th><th class="n">out</th><th class="n">cost</th></tr></thead>
        <tbody>${rows.map(
          (row) =>
            html`<tr><td class="mono">${name(row)}</td><td class="n">${tokens(row.input)}</td><td class="n">${tokens(row.output)}</td><td class="n">${dollars(row.totalCost)}</td></tr>`,
        )}</tbody></table>`
      }</div>`;
  }

  #body(data: UsageCost) {
    const t = data.totals;
    return html`
      <div class="cards">
        ${this.#card("tokens in", tokens(t.input), "usage-input")}
        ${this.#card("tokens out", tokens(t.output), "usage-output")}
        ${this.#card("cache read / write", `${tokens(t.cacheRead)} / ${tokens(t.cacheWrite)}`, "usage-cache")}
        ${this.#card("cost", dollars(t.totalCost), "usage-cost")}
        ${this.#card("sessions", String(data.sessions), "usage-sessions")}
      </div>
      ${t.missingCostEntries > 0 ? html`<div class="banner warn">${t.missingCostEntries} model calls have no price: set models.providers.&lt;provider&gt;.models[].cost to count them.</div>` : ""}
      <div class="panel">
        <div class="row" style="justify-content: space-between"><strong>Tokens per day (UTC)</strong>
          <span class="legend"><span><span class="swatch" style="background: var(--muted)"></span>in</span><span><span class="swatch" style="background: var(--accent)"></span>out</span></span></div>
        ${usageChart(fillDays(data.daily, data.startDate, data.endDate))}
      </div>
      <div class="tables">
        ${this.#table("Per model", data.byModel, (r) => r.model, "usage-by-model")}
        ${this.#table("Per agent", data.byAgent, (r) => r.agentId, "usage-by-agent")}
      </div>`;
  }

  override render() {
    return html`
      <div class="row" style="justify-content: space-between"><h2>Usage</h2>
        <div class="row periods" role="group" aria-label="period">
          ${PERIODS.map(([days, label]) => html`<button aria-pressed=${this.days === days ? "true" : "false"} @click=${() => (this.days = days)}>${label}</button>`)}
          <button @click=${() => this.#load()}>Refresh</button>
        </div>
      </div>
      ${this.error ? html`<div class="banner error" role="alert">${this.error}</div>` : ""}
      ${this.data ? this.#body(this.data) : html`<p class="muted">Loading…</p>`}
    `;
  }
}
customElements.define("claw-usage", ClawUsage);
