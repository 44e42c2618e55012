import { parseConfigPath } from "../issues/config-issue.js";
import { isJsonObject } from "../load/json-value.js";

/** Outcome of {@link getConfigValue}: the value, or why there is none. */
export type ConfigValueLookup = { found: true; value: unknown } | { found: false; reason: string };

/** Looks up `a.b[0].c` (or `a.b.0.c`, or `a["k.e.y"]`) in a config or any JSON value. */
export function getConfigValue(config: unknown, dottedPath: string): ConfigValueLookup {
  if (dottedPath === "") return { found: true, value: config };
  const segments = parseConfigPath(dottedPath);
  if (segments === undefined) return { found: false, reason: `malformed path "${dottedPath}"` };
  let current: unknown = config;
  for (const segment of segments) {
    if (Array.isArray(current) && (typeof segment === "number" || /^\d+$/.test(segment))) {
      const index = Number(segment);
      if (index >= current.length) return { found: false, reason: `${dottedPath}: not set` };
      current = current[index];
    } else if (
      isJsonObject(current) &&
      typeof segment === "string" &&
      Object.hasOwn(current, segment)
    ) {
      current = current[segment];
    } else {
      return { found: false, reason: `${dottedPath}: not set` };
    }
    if (current === undefined) return { found: false, reason: `${dottedPath}: not set` };
  }
  return { found: true, value: current };
}
