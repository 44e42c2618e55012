// Runs the benchmark suites (all, or those named on the command line) and writes a report.
// Speed and memory budgets live here, not in timed unit tests. `npm run bench -- --help` for usage.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BENCH_USAGE, parseBenchArgs } from "./lib/bench-args.js";
import { suiteDone, suiteStarted } from "./lib/progress.js";
import type { BenchSuite, SuiteResult } from "./lib/report.js";
import { writeReport } from "./lib/report.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const suites: BenchSuite[] = [];
for (const file of readdirSync(`${here}suites`)
  .filter((f) => f.endsWith(".ts"))
  .sort())
  suites.push(((await import(`./suites/${file}`)) as { suite: BenchSuite }).suite);
const args = parseBenchArgs(
  process.argv.slice(2),
  suites.map((s) => s.name),
  `${here}results`,
);
if (args.kind !== "run") {
  if (args.kind === "error") console.error(`${args.message}\n`);
  console.log(BENCH_USAGE);
  process.exit(args.kind === "error" ? 2 : 0);
}
const results: Record<string, SuiteResult & { description: string; error?: string }> = {};
const failed = (r: SuiteResult & { error?: string }) =>
  Boolean(r.error) || Object.values(r.metrics).some((m) => m.pass === false);
for (const suite of suites) {
  if (args.suites.length && !args.suites.includes(suite.name)) continue;
  suiteStarted(suite.name, suite.description);
  try {
    results[suite.name] = { description: suite.description, ...(await suite.run()) };
  } catch (error) {
    results[suite.name] = {
      description: suite.description,
      metrics: {},
      error: (error as Error).stack ?? String(error),
    };
  }
  suiteDone(failed(results[suite.name]!));
}
const report = writeReport(args.resultsDir, results);
console.log(report.markdown);
console.error(
  `report: ${report.path}${args.record ? "" : " (git-ignored; --record writes to bench/results/)"}`,
);
process.exitCode = Object.values(results).some(failed) ? 1 : 0;
