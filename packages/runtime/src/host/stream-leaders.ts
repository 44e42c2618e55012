import { errorMessage } from "@clawfleet/core";
import { plannedStreamNames, provisionPlan, streamPlacements, type Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { Readiness } from "../health/readiness.js";

/** How often a host asks whether every stream it uses has a leader. */
export const STREAM_LEADER_CHECK_MS = 3000;

/**
 * Keeps the `streams` readiness condition true only while every stream and bucket of the
 * catalogue has a leader: with one missing (its node down, an election that cannot complete)
 * `/readyz` fails and names it. Returns the function that stops watching.
 */
export function watchStreamLeaders(
  bus: Bus,
  readiness: Readiness,
  logger: Logger,
  everyMs = STREAM_LEADER_CHECK_MS,
): () => void {
  const log = logger.child({ subsystem: "bus" });
  const names = plannedStreamNames(provisionPlan);
  let lastDetail: string | undefined;
  let busy = false;
  const check = async () => {
    if (busy || !bus.isOpen()) return;
    busy = true;
    try {
      const leaderless = (await streamPlacements(bus, names)).filter((p) => p.problem);
      const detail = leaderless
        .map((p) => `stream ${p.name} has no leader (${p.problem})`)
        .join("; ");
      readiness.set("streams", detail === "", detail || undefined);
      if (detail !== (lastDetail ?? "")) {
        if (detail) log.warn(detail);
        else if (lastDetail) log.info("every stream has a leader again");
      }
      lastDetail = detail;
    } catch (error) {
      readiness.set("streams", false, `stream leaders unknown: ${errorMessage(error)}`);
    } finally {
      busy = false;
    }
  };
  readiness.declare("streams", true);
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  void check();
  return () => {
    clearInterval(timer);
    readiness.remove("streams");
  };
}
