import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ConfigIssue, PathSegment } from "../issues/config-issue.js";
import { configIssue } from "../issues/config-issue.js";
import { deepMerge } from "./deep-merge.js";
import { includeRefusal } from "./include-roots.js";
import type { IncludeRoot, RealPath } from "./include-roots.js";
import { isJsonObject, setOwn } from "./json-value.js";
import type { JsonObject } from "./json-value.js";
import { parseJson5 } from "./parse-json5.js";

/** The key that pulls other files into an object. */
export const INCLUDE_KEY = "$include";

/** How many files deep `$include` may nest (the root file is depth 0). */
export const MAX_INCLUDE_DEPTH = 10;

/** Reads a file as UTF-8 text by absolute path; throws (e.g. ENOENT) when it cannot. */
export type ReadConfigFile = (absolutePath: string) => string;

/** The default {@link ReadConfigFile}: UTF-8 from the local disk. */
export const readConfigFileFromDisk: ReadConfigFile = (absolutePath) =>
  readFileSync(absolutePath, "utf8");

/** How {@link resolveIncludes} reaches files and which folders it may read. */
export interface IncludeAccess {
  readonly readFile: ReadConfigFile;
  readonly realPath: RealPath;
  /** Folders included files must lie in (the config's folder first). */
  readonly roots: readonly IncludeRoot[];
}

interface Context extends IncludeAccess {
  readonly rootDir: string;
  readonly issues: ConfigIssue[];
}

/**
 * Replaces every `"$include": "file"` (or array of files) inside `value`, which was read from
 * `file`, with the deep-merged content of those files; the including object's own keys win.
 * A file outside `access.roots` is refused by name, never read.
 */
export function resolveIncludes(
  value: unknown,
  file: string,
  access: IncludeAccess,
): { value: unknown; issues: ConfigIssue[] } {
  const root = path.resolve(file);
  const ctx: Context = { ...access, rootDir: path.dirname(root), issues: [] };
  return { value: resolveNode(value, [], [root], ctx), issues: ctx.issues };
}

function resolveNode(
  value: unknown,
  at: PathSegment[],
  chain: readonly string[],
  ctx: Context,
): unknown {
  if (Array.isArray(value))
    return value.map((item, i) => resolveNode(item, [...at, i], chain, ctx));
  if (!isJsonObject(value)) return value;
  const own: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== INCLUDE_KEY) setOwn(own, key, resolveNode(child, [...at, key], chain, ctx));
  }
  if (!Object.hasOwn(value, INCLUDE_KEY)) return own;
  const hasSiblings = Object.keys(own).length > 0;
  const included = includeFiles(value[INCLUDE_KEY], at, chain, ctx, hasSiblings);
  if (!included.ok) return own;
  return hasSiblings ? deepMerge(included.value, own) : included.value;
}

function includeFiles(
  spec: unknown,
  at: PathSegment[],
  chain: readonly string[],
  ctx: Context,
  hasSiblings: boolean,
): { ok: true; value: unknown } | { ok: false } {
  const specPath = [...at, INCLUDE_KEY];
  const names = typeof spec === "string" ? [spec] : Array.isArray(spec) ? spec : [];
  if (names.length === 0 || !names.every((n): n is string => typeof n === "string" && n !== "")) {
    ctx.issues.push(
      configIssue(specPath, "expected a file name or a non-empty array of file names"),
    );
    return { ok: false };
  }
  const current = chain[chain.length - 1] ?? ctx.rootDir;
  const from = chain.length > 1 ? ` (in ${display(current, ctx)})` : "";
  let merged: unknown = {};
  for (const [index, name] of names.entries()) {
    const here = Array.isArray(spec) ? [...specPath, index] : specPath;
    const target = path.resolve(path.dirname(current), name);
    if (chain.includes(target)) {
      const cycle = [...chain, target].map((f) => display(f, ctx)).join(" -> ");
      ctx.issues.push(configIssue(here, `include cycle: ${cycle}`));
      return { ok: false };
    }
    if (chain.length > MAX_INCLUDE_DEPTH) {
      const nesting = [...chain, target].map((f) => display(f, ctx)).join(" -> ");
      ctx.issues.push(
        configIssue(here, `includes nested more than ${MAX_INCLUDE_DEPTH} deep: ${nesting}`),
      );
      return { ok: false };
    }
    const refusal = includeRefusal(target, ctx.roots, ctx.realPath);
    if (refusal !== undefined) {
      ctx.issues.push(configIssue(here, `${refusal}${from}`));
      return { ok: false };
    }
    const loaded = loadIncluded(target, at, [...chain, target], ctx);
    if (!loaded.ok) {
      ctx.issues.push(configIssue(here, `${loaded.message}${from}`));
      return { ok: false };
    }
    if ((hasSiblings || names.length > 1) && !isJsonObject(loaded.value)) {
      ctx.issues.push(
        configIssue(
          here,
          `${display(target, ctx)} must contain an object to be merged here${from}`,
        ),
      );
      return { ok: false };
    }
    merged = names.length === 1 ? loaded.value : deepMerge(merged, loaded.value);
  }
  return { ok: true, value: merged };
}

function loadIncluded(
  target: string,
  at: PathSegment[],
  chain: readonly string[],
  ctx: Context,
): { ok: true; value: unknown } | { ok: false; message: string } {
  let text: string;
  try {
    text = ctx.readFile(target);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === "ENOENT" ? "file not found" : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `cannot read included file ${display(target, ctx)}: ${reason}` };
  }
  const parsed = parseJson5(text, display(target, ctx));
  if (!parsed.ok) return parsed;
  return { ok: true, value: resolveNode(parsed.value, at, chain, ctx) };
}

// Chains read better relative to the root file's folder; files outside it keep their absolute path.
function display(file: string, ctx: Context): string {
  const relative = path.relative(ctx.rootDir, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
