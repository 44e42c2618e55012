import { createHash } from "node:crypto";

/** A short, stable, subject- and KV-safe id for a client-supplied string (idempotency keys, user ids). */
export function stableId(value: string, length = 32): string {
  return createHash("sha256").update(value, "utf8").digest("base64url").slice(0, length);
}

/** The run id a client sees for an idempotency key: the key itself when it is short and plain, as OpenClaw does. */
export function runIdFor(idempotencyKey: string): string {
  return /^[A-Za-z0-9._:-]{1,128}$/.test(idempotencyKey)
    ? idempotencyKey
    : `run-${stableId(idempotencyKey)}`;
}
