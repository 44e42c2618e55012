import { provision, provisionPlan, type Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { Readiness } from "../health/readiness.js";

const RETRY_MS = 2000;

/** Provisions the catalogue's streams, consumers and buckets, retrying until it succeeds or shutdown starts. */
export async function provisionUntilDone(
  bus: Bus,
  readiness: Readiness,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await provision(bus, provisionPlan, logger);
      readiness.set("bus", true);
      return;
    } catch (error) {
      readiness.set("bus", false, `provisioning JetStream failed: ${(error as Error).message}`);
      if (attempt === 1 || attempt % 15 === 0)
        logger
          .child({ subsystem: "bus" })
          .warn("provisioning failed; retrying (is JetStream enabled on the server?)", { error });
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
