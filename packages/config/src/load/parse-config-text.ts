import * as path from "node:path";
import { toConfigIssues } from "../issues/zod-issues.js";
import { OpenClawConfigSchema } from "../schema/openclaw-config.js";
import { configHash } from "./config-hash.js";
import type { ConfigLoadResult } from "./config-result.js";
import { findUnknownKeys } from "./find-unknown-keys.js";
import { includeRoots, realPathOnDisk } from "./include-roots.js";
import type { RealPath } from "./include-roots.js";
import { parseJson5 } from "./parse-json5.js";
import { readConfigFileFromDisk, resolveIncludes } from "./resolve-includes.js";
import type { ReadConfigFile } from "./resolve-includes.js";
import { semanticWarnings } from "./semantic-warnings.js";
import { substituteEnv } from "./substitute-env.js";
import type { EnvRecord } from "./substitute-env.js";

/** Inputs of {@link parseConfigText}. */
export interface ParseConfigTextOptions {
  /** Where the text (would) live: names it in messages and anchors relative `$include` paths. */
  readonly file: string;
  /** Variables for `${VAR}` substitution. */
  readonly env: EnvRecord;
  /** Reads `$include`d files; defaults to UTF-8 from disk. */
  readonly readFile?: ReadConfigFile;
  /** Resolves links of `$include`d files (to keep them in the allowed folders); defaults to the disk's. */
  readonly realPath?: RealPath;
}

/**
 * Validates config text without it being on disk: JSON5 → `$include` → `${VAR}` → unknown-key
 * warnings → zod. Included files must lie in the config's folder or one of `$OPENCLAW_INCLUDE_ROOTS`
 * (read from `options.env`).
 */
export function parseConfigText(text: string, options: ParseConfigTextOptions): ConfigLoadResult {
  const file = path.resolve(options.file);
  const fail = (
    errors: ConfigLoadResult["warnings"],
    warnings: ConfigLoadResult["warnings"] = [],
  ): ConfigLoadResult => ({
    ok: false,
    file,
    missing: false,
    errors,
    warnings,
  });

  const source = parseJson5(text, file);
  if (!source.ok) return fail([{ path: "", message: source.message }]);
  const realPath = options.realPath ?? realPathOnDisk;
  const included = resolveIncludes(source.value, file, {
    readFile: options.readFile ?? readConfigFileFromDisk,
    realPath,
    roots: includeRoots(file, options.env, realPath),
  });
  if (included.issues.length > 0) return fail(included.issues);
  const substituted = substituteEnv(included.value, options.env);
  if (substituted.issues.length > 0) return fail(substituted.issues);

  const parsed = substituted.value;
  const unknownKeys = findUnknownKeys(parsed, OpenClawConfigSchema);
  const result = OpenClawConfigSchema.safeParse(parsed);
  if (!result.success) return fail(toConfigIssues(result.error.issues), unknownKeys);
  return {
    ok: true,
    file,
    config: result.data,
    parsed,
    document: included.value,
    source: source.value,
    raw: text,
    hash: configHash(text),
    warnings: [...unknownKeys, ...semanticWarnings(result.data)],
  };
}
