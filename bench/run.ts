// Runs the benchmark suites (all, or those named on the command line) and writes a report to
// bench/results/. Speed and memory budgets live here, not in timed unit tests.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchSuite, SuiteResult } from "./lib/report.js";
import { writeReport } from "./lib/report.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(`${here}suites`)
  .filter((f) => f.endsWith(".ts"))
  .sort();
const results: Record<string, SuiteResult & { description: string; error?: string }> = {};
for (const file of files) {
  const { suite } = (await import(`./suites/${file}`)) as { suite: BenchSuite };
  if (wanted.length && !wanted.includes(suite.name)) continue;
  console.log(`▶ ${suite.name}: ${suite.description}`);
  try {
    results[suite.name] = { description: suite.description, ...(await suite.run()) };
  } catch (error) {
    results[suite.name] = {
      description: suite.description,
      metrics: {},
      error: (error as Error).stack ?? String(error),
    };
  }
}
console.log(writeReport(`${here}results`, results));
const failed = Object.values(results).some(
  (r) => r.error || Object.values(r.metrics).some((m) => m.pass === false),
);
process.exitCode = failed ? 1 : 0;
