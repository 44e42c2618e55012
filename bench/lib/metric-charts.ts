// The charts drawn next to a suite's table: those the suite drew itself or, when it drew none,
// one bar chart per unit that two or more of its figures share (like compared with like).
import type { Chart } from "./svg-chart.js";

/** The part of a suite's result charts are drawn from. */
export interface ChartSource {
  metrics: Record<string, { value: number; unit: string; pass?: boolean | undefined }>;
  charts?: Chart[] | undefined;
}

/** The suite's own charts, else bar charts of the figures that share a unit. */
export function metricCharts(suite: string, result: ChartSource): Chart[] {
  if (result.charts?.length) return result.charts;
  const byUnit = new Map<string, Chart & { kind: "bar" }>();
  for (const [label, m] of Object.entries(result.metrics)) {
    const chart = byUnit.get(m.unit) ?? {
      kind: "bar",
      title: `${suite} (${m.unit})`,
      unit: m.unit,
      bars: [],
    };
    chart.bars.push({ label, value: m.value, pass: m.pass });
    byUnit.set(m.unit, chart);
  }
  return [...byUnit.values()].filter((c) => c.bars.length >= 2);
}
