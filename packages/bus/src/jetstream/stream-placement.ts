import { errorMessage } from "@clawfleet/core";
import { JetStreamApiError } from "@nats-io/jetstream";
import { natsHandles, type Bus } from "../core/bus.js";

/** Where a stream's copies live and which one leads, as the server reports it. */
export interface StreamPlacement {
  name: string;
  /** Replicas the stream is configured with (0 when it does not exist or did not answer). */
  replicas: number;
  /** The node that leads it; absent when it has none (offline, electing, or a lone server). */
  leader?: string;
  /** Every node holding a copy, the leader first, with whether it is caught up. */
  peers: { name: string; current: boolean; offline: boolean }[];
  /** Why the stream cannot take writes now ("stream is offline", "no leader", "not found"). */
  problem?: string;
}

const STREAM_NOT_FOUND = 10059;

/**
 * Asks for the placement of each named stream (a KV bucket is the stream `KV_<bucket>`). On a lone
 * server a stream has no cluster section: it is led by that server, named `(single server)`.
 */
export async function streamPlacements(
  bus: Bus,
  names: readonly string[],
): Promise<StreamPlacement[]> {
  let jsm;
  try {
    jsm = await natsHandles(bus).jsm();
  } catch (error) {
    // JetStream itself does not answer (e.g. the cluster is electing its metadata leader).
    const problem = `JetStream does not answer: ${errorMessage(error)}`;
    return names.map((name) => ({ name, replicas: 0, peers: [], problem }));
  }
  return Promise.all(
    names.map(async (name): Promise<StreamPlacement> => {
      try {
        const info = await jsm.streams.info(name);
        const cluster = info.cluster;
        const replicas = info.config.num_replicas;
        if (!cluster?.name) return { name, replicas, leader: "(single server)", peers: [] };
        const peers = [
          ...(cluster.leader ? [{ name: cluster.leader, current: true, offline: false }] : []),
          ...(cluster.replicas ?? []).map((r) => ({
            name: r.name,
            current: r.current,
            offline: r.offline ?? false,
          })),
        ];
        if (!cluster.leader) return { name, replicas, peers, problem: "no leader" };
        return { name, replicas, leader: cluster.leader, peers };
      } catch (error) {
        const notFound = error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND;
        return {
          name,
          replicas: 0,
          peers: [],
          problem: notFound ? "not found" : errorMessage(error),
        };
      }
    }),
  );
}
