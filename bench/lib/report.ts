import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { metricCharts } from "./metric-charts.js";
import { renderChart, type Chart } from "./svg-chart.js";

/** One measured figure, with the budget it is held to when there is one. */
export interface Measurement {
  value: number;
  unit: string;
  /** Human-readable budget, e.g. "≤ 1000". */
  target?: string;
  /** Whether the value meets the budget (undefined when there is none). */
  pass?: boolean;
}

/** What a suite reports. */
export interface SuiteResult {
  metrics: Record<string, Measurement>;
  notes?: string[];
  /** Charts to draw next to the table; without them, a bar chart per unit two or more metrics share. */
  charts?: Chart[];
}

/** A benchmark suite: a name and a function that measures. */
export interface BenchSuite {
  name: string;
  description: string;
  run(): Promise<SuiteResult>;
}

/** Measurement with an upper budget. */
export function atMost(value: number, unit: string, limit: number): Measurement {
  return { value: round(value), unit, target: `≤ ${limit}`, pass: value <= limit };
}

/** Measurement with a lower budget. */
export function atLeast(value: number, unit: string, limit: number): Measurement {
  return { value: round(value), unit, target: `≥ ${limit}`, pass: value >= limit };
}

/** Measurement without a budget. */
export function info(value: number, unit: string): Measurement {
  return { value: round(value), unit };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Writes `<dir>/<date>.json`, `<dir>/<date>.md`, its charts as `<dir>/<date>/<suite>-<n>.svg`
 * (linked from the markdown next to each table) and `<dir>/latest.md`; returns the markdown and
 * its path.
 */
export function writeReport(
  dir: string,
  results: Record<string, SuiteResult & { description: string; error?: string }>,
): { markdown: string; path: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..+/, "");
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  writeFileSync(
    join(dir, `${stamp}.json`),
    `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`,
  );
  const lines = [
    `# Benchmarks ${stamp}`,
    "",
    `Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GiB`,
    "",
  ];
  for (const [name, result] of Object.entries(results)) {
    lines.push(`## ${name}`, "", result.description, "");
    if (result.error) lines.push(`**failed:** ${result.error}`, "");
    lines.push("| metric | value | target | ok |", "|---|---|---|---|");
    for (const [metric, m] of Object.entries(result.metrics))
      lines.push(
        `| ${metric} | ${m.value} ${m.unit} | ${m.target ?? ""} | ${m.pass === undefined ? "" : m.pass ? "yes" : "**no**"} |`,
      );
    metricCharts(name, result).forEach((chart, i) => {
      const file = `${stamp}/${name}-${i + 1}.svg`;
      mkdirSync(join(dir, stamp), { recursive: true });
      writeFileSync(join(dir, file), renderChart(chart));
      lines.push("", `![${chart.title.replace(/[[\]]/g, "")}](${file})`);
    });
    for (const note of result.notes ?? []) lines.push("", `- ${note}`);
    lines.push("");
  }
  const markdown = lines.join("\n");
  const path = join(dir, `${stamp}.md`);
  writeFileSync(path, markdown);
  writeFileSync(join(dir, "latest.md"), markdown);
  return { markdown, path };
}
