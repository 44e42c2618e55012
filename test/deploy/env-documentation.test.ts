import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { CLAW_ENV_VARS } from "@clawfleet/config";
import { ROOT } from "./deploy-files.js";

/** Operating-system variables read for their usual meaning; not clawfleet settings. */
const OS_VARIABLES = new Set([
  "PATH",
  "BROWSER",
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "NO_COLOR",
  "FORCE_COLOR",
  "TERM",
]);
const PRODUCT_ROOTS = [
  "src",
  "packages/log/src",
  "packages/core/src",
  "packages/bus/src",
  "packages/config/src",
  "packages/runtime/src",
  "services",
];
const READ = /\benv(?:\?)?\.([A-Z][A-Z0-9_]+)\b|\benv\[["']([A-Z][A-Z0-9_]+)["']\]/g;

function productFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (["node_modules", "dist", "test-support", "testing", "fixtures"].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) productFiles(path, out);
    else if (/\.ts$/.test(name) && !name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

test("every environment variable the product reads is in CLAW_ENV_VARS and the config README", () => {
  const readme = readFileSync(join(ROOT, "packages/config/README.md"), "utf8");
  const found = new Map<string, string>();
  for (const file of PRODUCT_ROOTS.flatMap((r) => productFiles(join(ROOT, r)))) {
    for (const match of readFileSync(file, "utf8").matchAll(READ))
      found.set(match[1] ?? match[2]!, relative(ROOT, file));
  }
  assert.ok(found.size > 10, "the scan sees the product's env reads");
  for (const [name, file] of found) {
    if (OS_VARIABLES.has(name)) continue;
    assert.ok(
      name in CLAW_ENV_VARS,
      `${file} reads ${name}, which CLAW_ENV_VARS does not document`,
    );
    assert.ok(readme.includes(`\`${name}\``), `packages/config/README.md does not list ${name}`);
  }
});
