import { isJsonObject, setOwn } from "../load/json-value.js";
import type { JsonObject } from "../load/json-value.js";

/**
 * Applies an RFC 7386 JSON merge patch without mutating either argument: objects merge key by
 * key, `null` deletes a key, anything else (arrays included) replaces the target.
 */
export function applyMergePatch(base: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const out: JsonObject = {};
  if (isJsonObject(base)) for (const [key, value] of Object.entries(base)) setOwn(out, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else setOwn(out, key, applyMergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value));
  }
  return out;
}
