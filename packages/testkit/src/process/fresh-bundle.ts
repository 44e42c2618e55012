import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCE_ROOTS = ["src", "packages", "services"];
const SKIP = new Set(["node_modules", "dist", "ui", "test-support"]);
let checked = false;

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure `dist/index.js` (the esbuild bundle end-to-end tests run) is newer than every source
 * file, re-bundling once per test process when it is not — so no test runs a stale build.
 */
export function ensureFreshBundle(root: string, cliPath: string): void {
  if (checked) return;
  checked = true;
  const built = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  const newest = Math.max(...SOURCE_ROOTS.map((r) => newestSourceMtime(join(root, r))));
  if (newest > built)
    execFileSync(process.execPath, [join(root, "scripts/bundle.mjs")], {
      cwd: root,
      stdio: "inherit",
    });
}
