import { natsHandles, type Bus } from "../core/bus.js";
import type { NatsAuth } from "../core/connect.js";
import { streamPlacements } from "../jetstream/stream-placement.js";
import { probeServers } from "./probe-servers.js";
import { assessTopology, type ServerIdentity, type Topology } from "./topology.js";

/**
 * The cluster behind `servers`: every address the URLs resolve to is asked who it is (so independent
 * servers behind one name show up), and the replicas of the streams already stored count as the
 * cluster's size seen before (so a 3-node cluster missing one node is not taken for a 2-node one).
 */
export async function clusterTopology(
  bus: Bus,
  servers: string,
  auth: NatsAuth,
  streams: readonly string[],
): Promise<Topology> {
  const answers = await probeServers(servers, auth);
  if (answers.length === 0) answers.push(connectedServer(bus));
  const placements = await streamPlacements(bus, streams);
  const knownSize = Math.max(0, ...placements.map((p) => p.replicas));
  return assessTopology(answers, knownSize);
}

/** The server the bus is connected to, when no address answered a probe of its own. */
function connectedServer(bus: Bus): ServerIdentity {
  const nc = natsHandles(bus).nc;
  const info = nc.info;
  return {
    endpoint: nc.getServer(),
    serverId: info?.server_id ?? "unknown",
    serverName: info?.server_name ?? "unknown",
    cluster: info?.cluster || undefined,
    connectUrls: info?.connect_urls ?? [],
    jetstream: info?.jetstream ?? false,
  };
}
