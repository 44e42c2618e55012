import { isCallOver } from "../domain/stored-call.js";
import { SLOT_GRACE_MS } from "../domain/voice-settings.js";
import type { CallEngine } from "./call-engine.js";

/** How often every voice instance checks the live calls. */
export const REAP_INTERVAL_MS = 15_000;

/**
 * Enforces `maxDurationSeconds` on calls nobody is talking to (a caller who went quiet while the
 * agent thought, a status callback that never came) and frees slots of calls that are over or
 * unknown. Safe on every instance at once: each change is a compare-and-set.
 */
export async function reapCalls(engine: CallEngine): Promise<number> {
  const { store, now, settings, log } = engine.deps;
  const maxMs = settings().maxDurationMs;
  let ended = 0;
  // Expired slots too: their calls may still look live in KV after every instance was down a while.
  for (const callId of await store.slotIds()) {
    const call = await store.get(callId);
    if (!call || isCallOver(call)) {
      await store.release(callId, now());
      continue;
    }
    const overLong =
      call.answeredAt !== undefined
        ? now() - call.answeredAt >= maxMs
        : now() - call.startedAt >= maxMs + SLOT_GRACE_MS / 2;
    if (!overLong) continue;
    log.info(
      `call ${callId} ran past maxDurationSeconds (${Math.round(maxMs / 1000)} s); hanging up`,
      { callId },
    );
    await engine.end(callId, "max-duration");
    ended++;
  }
  return ended;
}

/** Runs {@link reapCalls} every {@link REAP_INTERVAL_MS}; returns a stop function. */
export function startCallReaper(engine: CallEngine, intervalMs = REAP_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reapCalls(engine)
      .catch((error: unknown) => engine.deps.log.warn("checking live calls failed", { error }))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
