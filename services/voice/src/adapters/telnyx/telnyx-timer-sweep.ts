import type { Logger } from "@clawfleet/log";
import type { TelnyxCallDriver } from "./telnyx-call-driver.js";

/** How often every voice instance looks for Telnyx timers a dead instance left behind. */
export const TIMER_SWEEP_INTERVAL_MS = 2000;

/**
 * Runs {@link TelnyxCallDriver.runOverdueTimers} every `intervalMs` while `active()` (Telnyx is the
 * provider), one sweep at a time; returns a stop function.
 */
export function startTelnyxTimerSweep(
  driver: TelnyxCallDriver,
  active: () => boolean,
  log: Logger,
  intervalMs = TIMER_SWEEP_INTERVAL_MS,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running || !active()) return;
    running = true;
    driver
      .runOverdueTimers()
      .catch((error: unknown) => log.warn("running overdue Telnyx call timers failed", { error }))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
