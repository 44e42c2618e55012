// A node:test reporter for mutation runs: it ends the process at the first failing test, so a
// killed mutant costs only the tests up to the one that caught it (the slower tests after it would
// otherwise run on, or hang on the broken code until the mutant's timeout).
// Used by run.mjs: node --test-reporter=./scripts/mutation/bail-reporter.mjs … in-process.mjs <files…>
import { spawnSync } from "node:child_process";
import { writeSync } from "node:fs";

/** Consumes node:test's events; on the first failure stops this process's children and exits 1. */
export default async function* bailReporter(source) {
  for await (const event of source) {
    if (event.type !== "test:fail" || event.data.todo) continue;
    writeSync(2, `killed by: ${event.data.name} (${event.data.file ?? "?"})\n`);
    // The nats-servers the tests started would outlive an exit without their `after` hooks.
    spawnSync("pkill", ["-TERM", "-P", String(process.pid)]);
    process.exit(1);
  }
  yield "";
}
