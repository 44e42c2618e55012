import { getHeapStatistics } from "node:v8";
import type { Logger } from "@clawfleet/log";
import type { Bus } from "@clawfleet/bus";

/** How long a service rides out a NATS outage before exiting so its supervisor restarts it. */
export const NATS_OUTAGE_BUDGET_MS = 5 * 60_000;
const HEAP_CHECK_EVERY_MS = 10_000;
const HEAP_LIMIT_RATIO = 0.92;
const HEAP_STRIKES = 3;

/** Events of the connection a host reacts to. */
export interface ConnectionEvents {
  onDown: () => void;
  onUp: () => void;
  /** The outage lasted longer than the budget: the process must exit non-zero. */
  onGiveUp: (downForMs: number) => void;
}

/** Watches the NATS connection: reports outages and recoveries, and gives up after the budget. */
export function watchConnection(
  bus: Pick<Bus, "status">,
  events: ConnectionEvents,
  budgetMs = NATS_OUTAGE_BUDGET_MS,
): () => void {
  let downSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  void (async () => {
    for await (const status of bus.status()) {
      if (stopped) break;
      if (status.type === "disconnect" && downSince === undefined) {
        downSince = Date.now();
        events.onDown();
        timer = setTimeout(() => events.onGiveUp(Date.now() - (downSince ?? Date.now())), budgetMs);
      } else if (status.type === "reconnect") {
        downSince = undefined;
        clearTimeout(timer);
        events.onUp();
      }
    }
  })();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * Exits the process (through `onExhausted`) when the V8 heap stays near its limit: an out-of-memory
 * crash would be silent, this says so in the log first.
 */
export function watchHeap(log: Logger, onExhausted: (detail: string) => void): () => void {
  let strikes = 0;
  const timer = setInterval(() => {
    const heap = getHeapStatistics();
    const ratio = heap.used_heap_size / heap.heap_size_limit;
    strikes = ratio > HEAP_LIMIT_RATIO ? strikes + 1 : 0;
    if (strikes === 1)
      log.warn(
        `heap at ${Math.round(ratio * 100)}% of its ${Math.round(heap.heap_size_limit / 1048576)} MB limit`,
      );
    if (strikes >= HEAP_STRIKES)
      onExhausted(
        `heap stayed above ${HEAP_LIMIT_RATIO * 100}% of ${Math.round(heap.heap_size_limit / 1048576)} MB (raise --max-old-space-size or the machine's memory)`,
      );
  }, HEAP_CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
