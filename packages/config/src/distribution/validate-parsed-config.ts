import type { ConfigIssue } from "../issues/config-issue.js";
import { toConfigIssues } from "../issues/zod-issues.js";
import { OpenClawConfigSchema, type OpenClawConfig } from "../schema/openclaw-config.js";

/** Validates an already resolved config object (from KV): the typed config, or `path: message` issues. */
export function validateParsedConfig(
  parsed: unknown,
): { ok: true; config: OpenClawConfig } | { ok: false; errors: ConfigIssue[] } {
  const result = OpenClawConfigSchema.safeParse(parsed ?? {});
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, errors: toConfigIssues(result.error.issues) };
}

/** The config a service runs with when nothing is configured: every default. */
export function defaultConfig(): OpenClawConfig {
  return OpenClawConfigSchema.parse({});
}
