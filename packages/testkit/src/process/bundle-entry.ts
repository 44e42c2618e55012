import { execFileSync } from "node:child_process";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Bundles a TypeScript entry (a test host) with scripts/bundle.mjs, exactly as the CLI is bundled
 * into dist/ (minified ESM chunks, CommonJS interop, lazy SDK chunks), under the git-ignored
 * `.build/bundled/<name>/`; returns the built entry to run with `launchCli(…, { script })`.
 * What only breaks in the bundle (or what only the bundle's memory shows) is then seen by tests.
 */
export function bundleEntry(source: string): string {
  const name = basename(source).replace(/\.ts$/, "");
  const outdir = join(ROOT, ".build/bundled", name);
  execFileSync(
    process.execPath,
    [join(ROOT, "scripts/bundle.mjs"), "--entry", source, "--outdir", outdir],
    { cwd: ROOT, stdio: "inherit" },
  );
  return join(outdir, `${name}.js`);
}
