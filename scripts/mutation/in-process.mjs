// Runs the given test files in this one process: node:test runs a file's tests when it is imported,
// so a mutant costs one Node start-up instead of one per test file.
// Usage: node --conditions=@clawfleet/source --import tsx scripts/mutation/in-process.mjs <files…>
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
