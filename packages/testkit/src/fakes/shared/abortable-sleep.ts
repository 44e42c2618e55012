import { setTimeout as delay } from "node:timers/promises";

/** Waits `ms` milliseconds, or less if `signal` aborts first; never rejects. */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the fake is stopping, the caller just moves on.
  }
}
