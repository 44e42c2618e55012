import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

const storage = new AsyncLocalStorage<string>();

/** Creates a new random trace id (16 hex characters). */
export function newTraceId(): string {
  return randomBytes(8).toString("hex");
}

/** Runs `fn` with `traceId` as the current trace id for every log line and bus message it causes. */
export function withTrace<T>(traceId: string, fn: () => T): T {
  return storage.run(traceId, fn);
}

/** The trace id of the work in progress, if any. */
export function currentTraceId(): string | undefined {
  return storage.getStore();
}
