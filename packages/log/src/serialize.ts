import type { Redactor } from "./redactor.js";
import { REDACTED } from "./redactor.js";

const MAX_DEPTH = 6;
/** Longest message kept in a log line; the rest is cut with a note of how much. */
export const MAX_MESSAGE_CHARS = 8192;
const MAX_STRING_CHARS = 2048;
const MAX_ARRAY_ITEMS = 50;

/** `text` cut to `max` characters, with a note of how many were left out. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/**
 * Turns log fields into plain JSON values: errors become `{name, message, code}`, secret keys are
 * masked, long strings and arrays are cut (a huge rejected input must not make a huge log line).
 */
export function toLogValue(value: unknown, redactor: Redactor, depth = 0): unknown {
  if (value instanceof Error) return errorToLog(value, redactor, depth);
  if (typeof value === "string") return capText(value, MAX_STRING_CHARS);
  if (value === null || typeof value !== "object")
    return typeof value === "bigint" ? value.toString() : value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ARRAY_ITEMS).map((v) => toLogValue(v, redactor, depth + 1));
    if (value.length > MAX_ARRAY_ITEMS)
      items.push(`[${value.length - MAX_ARRAY_ITEMS} more items]`);
    return items;
  }
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      redactor.isSecretKey(key) && v !== undefined && v !== null && v !== ""
        ? REDACTED
        : toLogValue(v, redactor, depth + 1);
  }
  return out;
}

function errorToLog(error: Error, redactor: Redactor, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: error.name,
    message: capText(error.message, MAX_STRING_CHARS),
  };
  const extra = error as Error & { code?: unknown; status?: unknown; cause?: unknown };
  if (extra.code !== undefined) out.code = extra.code;
  if (extra.status !== undefined) out.status = extra.status;
  if (extra.cause !== undefined && depth < MAX_DEPTH)
    out.cause = toLogValue(extra.cause, redactor, depth + 1);
  return out;
}
