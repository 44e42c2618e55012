import { svg, html } from "lit";

/** Token and cost totals as `usage.cost` returns them. */
export interface UsageTotalsRow {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  totalTokens: number;
  totalCost: number;
  missingCostEntries: number;
}

/** One day's totals (`usage.cost` → `daily[]`). */
export type DailyUsage = UsageTotalsRow & { date: string };

const DAY_MS = 86_400_000;

/** Every UTC day from `start` to `end` (YYYY-MM-DD), with the days that had no usage at zero. */
export function fillDays(daily: readonly DailyUsage[], start: string, end: string): DailyUsage[] {
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const out: DailyUsage[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push(
      byDate.get(date) ?? {
        date,
        input: 0,
        output: 0,
        cacheRead: 0,
        cacheWrite: 0,
        totalTokens: 0,
        totalCost: 0,
        missingCostEntries: 0,
      },
    );
  }
  return out;
}

/** A token count, short: 950, 12.3k, 4.1M. */
export function tokens(n: number): string {
  if (n < 10_000) return n.toLocaleString("en-US");
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** US dollars: four decimals under a dollar, two above. */
export function dollars(n: number): string {
  return `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
}

const WIDTH = 600;
const HEIGHT = 160;
const LABEL = 18;

/**
 * Bars of tokens per day as inline SVG (no chart library): input and output stacked, each bar titled
 * with its day's figures; the first and last days are labelled under the axis.
 */
export function usageChart(days: readonly DailyUsage[]) {
  const max = Math.max(1, ...days.map((d) => d.input + d.output));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const plot = HEIGHT - LABEL;
  const bars = days.map((day, i) => {
    const x = i * slot + (slot - barWidth) / 2;
    const inH = (day.input / max) * plot;
    const outH = (day.output / max) * plot;
    const title = `${day.date}: ${day.input.toLocaleString("en-US")} in, ${day.output.toLocaleString("en-US")} out, ${dollars(day.totalCost)}`;
    return svg`<g data-testid="usage-bar" data-date=${day.date} data-tokens=${day.input + day.output}>
      <title>${title}</title>
      <rect x=${x} y=${plot - inH - outH} width=${barWidth} height=${outH} fill="var(--accent)"></rect>
      <rect x=${x} y=${plot - inH} width=${barWidth} height=${inH} fill="var(--muted)"></rect>
    </g>`;
  });
  const first = days[0]?.date ?? "";
  const last = days.at(-1)?.date ?? "";
  return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="tokens per day" data-testid="usage-chart" style="max-height: 220px">
    <line x1="0" y1=${plot} x2=${WIDTH} y2=${plot} stroke="var(--border)"></line>
    ${bars}
    <text x="0" y=${HEIGHT - 4} font-size="11" fill="var(--muted)">${first}</text>
    ${last !== first ? svg`<text x=${WIDTH} y=${HEIGHT - 4} font-size="11" fill="var(--muted)" text-anchor="end">${last}</text>` : ""}
  </svg>`;
}
