/** Placeholder shown instead of a secret value, as OpenClaw's config.get does. */
export const REDACTED_VALUE = "__OPENCLAW_REDACTED__";

const SECRET_KEY = /(token|password|secret|apikey|api_key|authtoken)$/i;

/** A deep copy of a config value with every secret-looking string field replaced by {@link REDACTED_VALUE}. */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      typeof child === "string" && SECRET_KEY.test(key) && !/^\$\{[A-Z_][A-Z0-9_]*\}$/.test(child)
        ? REDACTED_VALUE
        : redactConfig(child);
  }
  return out;
}
