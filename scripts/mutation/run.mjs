#!/usr/bin/env node
// Mutation testing with StrykerJS, one invariant-carrying module at a time (see modules.mjs).
// Usage: npm run mutation [-- <module>… | --list] [--concurrency N]
// Mutates the files in place (each mutant is switched on by an environment variable, the files are
// restored when the run ends), so imports across workspace packages see the mutants too. Do not edit
// the mutated files while it runs; after a hard kill, `git checkout -- <files>` restores them.
import { mkdirSync } from "node:fs";
import { availableParallelism, setPriority } from "node:os";
import { join } from "node:path";
import { Stryker } from "@stryker-mutator/core";
import { modules } from "./modules.mjs";
import { summarize, writeSummary } from "./summary.mjs";

const root = new URL("../..", import.meta.url).pathname;
const outDir = join(root, "bench/results/mutation");
const args = process.argv.slice(2);

if (args.includes("--list")) {
  for (const m of modules) console.log(`${m.name.padEnd(16)} ${m.doc}`);
  process.exit(0);
}
const concurrencyAt = args.indexOf("--concurrency");
const concurrency =
  concurrencyAt >= 0 ? Number(args[concurrencyAt + 1]) : Math.min(2, availableParallelism());
const names = args.filter(
  (a, i) => !a.startsWith("--") && (concurrencyAt < 0 || i !== concurrencyAt + 1),
);
const unknown = names.filter((n) => !modules.some((m) => m.name === n));
if (unknown.length > 0) {
  console.error(`unknown module ${unknown.join(", ")}; --list shows them`);
  process.exit(2);
}
const selected = names.length > 0 ? modules.filter((m) => names.includes(m.name)) : modules;

process.chdir(root);
try {
  setPriority(10); // the children inherit it: mutation runs share the machine politely
} catch {
  // not permitted here: run at normal priority
}

for (const [index, module] of selected.entries()) {
  console.log(`\n[${index + 1}/${selected.length}] ${module.name}: ${module.doc}`);
  console.log(`  mutating ${module.mutate.join(" ")}\n  tests    ${module.tests.join(" ")}`);
  const reportDir = join(outDir, "reports", module.name);
  mkdirSync(reportDir, { recursive: true });
  const started = Date.now();
  const results = await new Stryker({
    mutate: module.mutate,
    testRunner: "command",
    commandRunner: {
      // The bail reporter ends a run at its first failing test: a killed mutant need not run the rest.
      command:
        "node --conditions=@clawfleet/source --import tsx --test-reporter=./scripts/mutation/bail-reporter.mjs " +
        `--test-reporter-destination=stdout scripts/mutation/in-process.mjs ${module.tests.join(" ")}`,
    },
    coverageAnalysis: "off",
    inPlace: true,
    concurrency,
    checkers: [],
    disableTypeChecks: false, // tsx never type-checks, and no other file is touched
    timeoutMS: 10_000,
    timeoutFactor: 2,
    tempDirName: join(".stryker-tmp", module.name), // its own: runs of different modules may overlap
    reporters: [process.stdout.isTTY ? "progress" : "progress-append-only", "html", "json"],
    htmlReporter: { fileName: join(reportDir, "index.html") },
    jsonReporter: { fileName: join(reportDir, "mutation.json") },
    fileLogLevel: "off",
    logLevel: "warn",
  }).runMutationTest();
  const row = summarize(module, results, Date.now() - started);
  writeSummary(outDir, row);
  console.log(
    `  ${module.name}: ${row.score.toFixed(1)} % killed (${row.killed} killed, ${row.timeout} timeout, ` +
      `${row.survived} survived, ${row.noCoverage} no coverage) in ${Math.round(row.seconds / 60)} min`,
  );
}
console.log(`\nsummary: ${join(outDir, "summary.md")}`);
