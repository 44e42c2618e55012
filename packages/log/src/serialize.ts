import type { Redactor } from "./redactor.js";
import { REDACTED } from "./redactor.js";

const MAX_DEPTH = 6;

/** Turns log fields into plain JSON values: errors become `{name, message, code}`, secret keys are masked. */
export function toLogValue(value: unknown, redactor: Redactor, depth = 0): unknown {
  if (value instanceof Error) return errorToLog(value, redactor, depth);
  if (value === null || typeof value !== "object")
    return typeof value === "bigint" ? value.toString() : value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.map((v) => toLogValue(v, redactor, depth + 1));
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
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  const extra = error as Error & { code?: unknown; status?: unknown; cause?: unknown };
  if (extra.code !== undefined) out.code = extra.code;
  if (extra.status !== undefined) out.status = extra.status;
  if (extra.cause !== undefined && depth < MAX_DEPTH)
    out.cause = toLogValue(extra.cause, redactor, depth + 1);
  return out;
}
