import type { ConfigIssue, PathSegment } from "../issues/config-issue.js";
import { configIssue } from "../issues/config-issue.js";
import { isJsonObject, setOwn } from "./json-value.js";
import type { JsonObject } from "./json-value.js";

/** An environment as a plain record (`process.env` fits); empty strings count as unset. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

// `$${NAME}` is an escape for a literal `${NAME}`; only upper-case names are substituted.
const REFERENCE = /(\$?)\$\{([A-Z_][A-Z0-9_]*)\}/g;

/** Replaces `${VAR}` in every string value of `value` from `env`; a missing or empty variable is an issue at its path. */
export function substituteEnv(
  value: unknown,
  env: EnvRecord,
): { value: unknown; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  return { value: walk(value, [], env, issues), issues };
}

function walk(value: unknown, at: PathSegment[], env: EnvRecord, issues: ConfigIssue[]): unknown {
  if (typeof value === "string") return substituteString(value, at, env, issues);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...at, i], env, issues));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value))
    setOwn(out, key, walk(child, [...at, key], env, issues));
  return out;
}

function substituteString(
  text: string,
  at: PathSegment[],
  env: EnvRecord,
  issues: ConfigIssue[],
): string {
  return text.replace(REFERENCE, (match, escape: string, name: string) => {
    if (escape === "$") return match.slice(1);
    const value = env[name];
    if (value === undefined || value === "") {
      issues.push(
        configIssue(
          at,
          `environment variable ${name} is ${value === undefined ? "not set" : "empty"} (referenced as \${${name}})`,
        ),
      );
      return match;
    }
    return value;
  });
}
