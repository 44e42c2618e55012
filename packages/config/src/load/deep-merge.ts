import { isJsonObject, setOwn } from "./json-value.js";

/** Merges `over` onto `base`: objects merge key by key (recursively), anything else — arrays included — is replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isJsonObject(base) || !isJsonObject(over)) return over;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) setOwn(out, key, value);
  for (const [key, value] of Object.entries(over)) {
    setOwn(out, key, Object.hasOwn(base, key) ? deepMerge(base[key], value) : value);
  }
  return out;
}
