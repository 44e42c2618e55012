import { configIssue, type ConfigIssue, type PathSegment } from "../issues/config-issue.js";
import { isJsonObject, setOwn, type JsonObject } from "../load/json-value.js";
import { substituteEnv, type EnvRecord } from "../load/substitute-env.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";
import { validateParsedConfig } from "./validate-parsed-config.js";

/** A distributed config resolved in this process. */
export type ResolvedConfig =
  | { ok: true; config: OpenClawConfig; unresolved: readonly ConfigIssue[] }
  | { ok: false; errors: readonly ConfigIssue[] };

/**
 * Resolves the document a snapshot distributes (`${VAR}` left as written, so no substituted secret
 * crosses the bus) with this process's own environment, then validates it. A value that names a
 * variable this process lacks is dropped (its env fallback or default applies) and reported in
 * `unresolved`: a service that does not use a secret need not hold it.
 */
export function resolveDistributedConfig(document: unknown, env: EnvRecord): ResolvedConfig {
  const unresolved: ConfigIssue[] = [];
  const value = walk(document ?? {}, [], env, unresolved);
  const result = validateParsedConfig(value);
  return result.ok ? { ok: true, config: result.config, unresolved } : result;
}

const DROP = Symbol("drop");

function walk(
  value: unknown,
  at: PathSegment[],
  env: EnvRecord,
  unresolved: ConfigIssue[],
): unknown {
  if (typeof value === "string") {
    const substituted = substituteEnv(value, env);
    if (substituted.issues.length === 0) return substituted.value;
    for (const issue of substituted.issues) unresolved.push(configIssue(at, issue.message));
    return DROP;
  }
  if (Array.isArray(value))
    return value
      .map((item, i) => walk(item, [...at, i], env, unresolved))
      .filter((item) => item !== DROP);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const resolved = walk(child, [...at, key], env, unresolved);
    if (resolved !== DROP) setOwn(out, key, resolved);
  }
  return out;
}
