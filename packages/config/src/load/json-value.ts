/** A plain JSON object as produced by a JSON/JSON5 parser. */
export type JsonObject = Record<string, unknown>;

/** True for plain objects (not arrays, not null) — the values `$include` and merge patches descend into. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets an own enumerable property, even one named `__proto__`, without touching the prototype. */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
