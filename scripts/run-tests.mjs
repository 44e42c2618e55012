#!/usr/bin/env node
// Runs every *.test.ts with node:test + tsx (Node 20 cannot glob test files itself).
// Usage: node scripts/run-tests.mjs [--unit] [path-filter …]
//   --unit  only tests next to code (packages/, services/, src/, bench/), not the cross-service suites in test/
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const unitOnly = args.includes("--unit");
const filters = args.filter((a) => !a.startsWith("--"));
const SKIP_DIRS = new Set(["node_modules", "dist", ".git"]);
/** Benchmark output, never tests. */
const SKIP_PATHS = new Set(["bench/results"]);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (SKIP_DIRS.has(name) || SKIP_PATHS.has(relative(root, path))) continue;
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out;
}

const roots = unitOnly
  ? ["packages", "services", "src", "bench"]
  : ["packages", "services", "src", "bench", "test"];
const files = roots
  .flatMap((r) => collect(join(root, r), []))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const result = spawnSync(
  process.execPath,
  [
    "--conditions=@clawfleet/source",
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${concurrency}`,
    "--test-timeout=300000",
    ...files,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
