import { realpathSync } from "node:fs";
import * as path from "node:path";
import { expandHome } from "./config-location.js";
import type { EnvRecord } from "./substitute-env.js";

/** The variable listing folders, besides the config file's own, that `$include` may read from. */
export const INCLUDE_ROOTS_VAR = "OPENCLAW_INCLUDE_ROOTS";

/** One folder includes may come from: as written (made absolute) and with its links resolved. */
export interface IncludeRoot {
  readonly dir: string;
  readonly realDir: string;
}

/** Resolves links in an absolute path; throws (e.g. ENOENT) when it cannot. */
export type RealPath = (absolutePath: string) => string;

/** The default {@link RealPath}: the local disk's. */
export const realPathOnDisk: RealPath = (absolutePath) => realpathSync.native(absolutePath);

/**
 * The folders `$include` may read from: the config file's folder, then every entry of
 * `$OPENCLAW_INCLUDE_ROOTS` (a path list like PATH: `:` on POSIX, `;` on Windows; `~` expanded;
 * empty entries dropped), as OpenClaw does.
 */
export function includeRoots(
  configFile: string,
  env: EnvRecord,
  realPath: RealPath,
): IncludeRoot[] {
  const extra = (env[INCLUDE_ROOTS_VAR] ?? "")
    .split(path.delimiter)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => expandHome(entry, env));
  return [path.dirname(path.resolve(configFile)), ...extra].map((dir) => ({
    dir,
    realDir: realOr(dir, realPath),
  }));
}

/**
 * Why `target` may not be included, or undefined when it lies inside a root both as written and
 * once its links are resolved (a link inside a root pointing out of every root is refused).
 */
export function includeRefusal(
  target: string,
  roots: readonly IncludeRoot[],
  realPath: RealPath,
): string | undefined {
  const rule = `includes must stay under ${roots.map((r) => r.dir).join(" or ")}${
    roots.length > 1 ? "" : ` (more folders: ${INCLUDE_ROOTS_VAR})`
  }`;
  if (!roots.some((root) => isInside(root.dir, target)))
    return `${target} is outside the config's folder: ${rule}`;
  let real: string;
  try {
    real = realPath(target);
  } catch {
    return undefined; // a missing file is reported by the read that follows
  }
  if (!roots.some((root) => isInside(root.realDir, real)))
    return `${target} is a link to a file outside the config's folder: ${rule}`;
  return undefined;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return (
    relative !== "" &&
    relative !== ".." &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

function realOr(dir: string, realPath: RealPath): string {
  try {
    return realPath(dir);
  } catch {
    return dir;
  }
}
