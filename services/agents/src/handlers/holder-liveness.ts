import { createHash } from "node:crypto";
import { BusError, BusErrorCode, HolderAlive, type Bus } from "@clawfleet/bus";
import type { Subscription } from "./subscription.js";

/** The subject token of a lease holder's name (any characters allowed in the name). */
export function holderToken(holder: string): string {
  return createHash("sha256").update(holder).digest("hex").slice(0, 32);
}

/** Answers "still alive" for this process's lease holder name until unsubscribed. */
export function serveHolderLiveness(bus: Bus, holder: string): Subscription {
  return bus.serve(HolderAlive, { holder: holderToken(holder) }, () => ({ alive: true as const }), {
    queue: false,
  });
}

/**
 * True only when the bus says nobody serves `holder`'s liveness subject: the process is gone (killed,
 * or cut off from NATS, in which case its next lease write fails anyway). A timeout or any other
 * error counts as alive, so a slow holder is never taken over early; its lease still expires.
 */
export async function holderGone(bus: Bus, holder: string): Promise<boolean> {
  try {
    await bus.request(HolderAlive, { holder: holderToken(holder) }, {});
    return false;
  } catch (error) {
    return error instanceof BusError && error.code === BusErrorCode.NoResponders;
  }
}
