import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = () => dirname(fileURLToPath(import.meta.url));

/** Directories from this module up to the filesystem root (works from src/, the package's dist/ and the CLI bundle). */
function ancestors(): string[] {
  const out: string[] = [];
  let dir = HERE();
  for (;;) {
    out.push(dir);
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/** The built Control UI: the first `services/gateway/dist/ui` or package `dist/ui` holding an index.html above this module. */
export function findUiDir(): string {
  for (const dir of ancestors()) {
    for (const candidate of [
      join(dir, "services", "gateway", "dist", "ui"),
      join(dir, "dist", "ui"),
    ]) {
      if (existsSync(join(candidate, "index.html"))) return candidate;
    }
  }
  return join(HERE(), "..", "..", "dist", "ui");
}

/** The product version, from the nearest `clawfleet` or `@clawfleet/gateway` package.json above this module. */
export function gatewayVersion(): string {
  for (const dir of ancestors()) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if ((pkg.name === "clawfleet" || pkg.name === "@clawfleet/gateway") && pkg.version)
      return pkg.version;
  }
  return "0.0.0";
}
