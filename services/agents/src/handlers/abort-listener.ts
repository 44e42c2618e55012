import { AgentAbort, type Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { Subscription } from "./subscription.js";
import { StopReason, type ActiveTurns } from "../turn/turn-control.js";

/** Stops a running turn of this worker when the gateway (`chat.abort`) or a channel (`/stop`) asks. */
export function listenForAborts(bus: Bus, active: ActiveTurns, logger: Logger): Subscription {
  return bus.subscribe(AgentAbort, {}, ({ sessionKey, runId, reason }) => {
    if (active.abort(sessionKey, runId, StopReason.User))
      logger.info(`stopped the running turn of ${sessionKey} (${reason})`);
  });
}
