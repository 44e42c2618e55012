import { errorMessage } from "@clawfleet/core";
import {
  clusterTopology,
  defaultReplicas,
  plannedStreamNames,
  provision,
  provisionPlan,
  type Bus,
  type NatsAuth,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { Readiness } from "../health/readiness.js";

const RETRY_MS = 2000;

/** Where the bus connected and how many copies of each stream to keep. */
export interface ProvisionTarget {
  /** The URL list the bus was given (`NATS_URL`), probed address by address. */
  servers: string;
  auth: NatsAuth;
  /** `NATS_REPLICAS`; default the cluster's size capped at 3. */
  replicas?: number;
}

/**
 * Checks the cluster (refusing independent servers behind one name and two-node clusters, with
 * the fix), then provisions the catalogue's streams, consumers and buckets with the replicas
 * wanted; retries until it succeeds or shutdown starts. Until then the `bus` condition is unmet.
 */
export async function provisionUntilDone(
  bus: Bus,
  readiness: Readiness,
  logger: Logger,
  signal: AbortSignal,
  target: ProvisionTarget,
): Promise<void> {
  const log = logger.child({ subsystem: "bus" });
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      const topology = await clusterTopology(
        bus,
        target.servers,
        target.auth,
        plannedStreamNames(provisionPlan),
      );
      if (topology.problem) {
        readiness.set("bus", false, `${topology.problem.message}; fix: ${topology.problem.fix}`);
        if (attempt === 1 || attempt % 15 === 0)
          log.error(`refusing this NATS: ${topology.problem.message}`, {
            fix: topology.problem.fix,
          });
      } else {
        const replicas = target.replicas ?? defaultReplicas(topology);
        await provision(bus, provisionPlan, logger, { replicas });
        if (attempt === 1 && topology.cluster)
          log.info(
            `NATS cluster ${topology.cluster}: ${topology.size} nodes, replicas ${replicas}`,
          );
        readiness.set("bus", true);
        return;
      }
    } catch (error) {
      readiness.set("bus", false, `provisioning JetStream failed: ${errorMessage(error)}`);
      if (attempt === 1 || attempt % 15 === 0)
        log.warn("provisioning failed; retrying (is JetStream enabled on the server?)", { error });
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
