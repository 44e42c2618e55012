/** What one NATS server said about itself when probed (its INFO). */
export interface ServerIdentity {
  /** The address probed, `host:port`. */
  endpoint: string;
  serverId: string;
  serverName: string;
  /** `cluster.name` of the server; absent for a server without a `cluster {}` block. */
  cluster?: string;
  /** Client URLs of every node the server is routed to, itself included (absent when alone). */
  connectUrls: string[];
  jetstream: boolean;
}

/** A refusal: the servers behind the URL cannot hold replicated state safely. */
export interface TopologyProblem {
  kind: "split-brain" | "no-quorum";
  message: string;
  /** What the operator does about it. */
  fix: string;
}

/** The cluster as the probed servers describe it. */
export interface Topology {
  /** Nodes of the cluster (1 for a lone server). */
  size: number;
  /** The cluster's name, when the servers are clustered. */
  cluster?: string;
  /** Distinct servers that answered. */
  servers: ServerIdentity[];
  problem?: TopologyProblem;
}

/** Nodes a cluster must have to keep a JetStream quorum after losing one. */
export const MIN_CLUSTER_SIZE = 3;

/**
 * Judges what the servers behind one URL list said about themselves. Independent servers (no
 * cluster, or different clusters) are split brain; a two-node cluster has no quorum after one
 * loss. `knownSize` is the largest cluster seen before (e.g. from a stream's peers), so a 3-node
 * cluster with one node down is not mistaken for a 2-node one.
 */
export function assessTopology(answers: readonly ServerIdentity[], knownSize = 0): Topology {
  const servers = [...new Map(answers.map((a) => [a.serverId, a])).values()];
  const clusters = new Set(servers.map((s) => s.cluster ?? `(none: ${s.serverName})`));
  const routed = Math.max(0, ...servers.map((s) => s.connectUrls.length));
  const size = Math.max(1, routed, servers.length, knownSize);
  const cluster = servers.find((s) => s.cluster)?.cluster;
  if (servers.length > 1 && clusters.size > 1) {
    const names = servers.map((s) => `${s.serverName} at ${s.endpoint}`).join(", ");
    return {
      size,
      cluster,
      servers,
      problem: {
        kind: "split-brain",
        message: `${servers.length} independent NATS servers answer behind one URL (${names}): each would keep its own streams, so clients would split the state`,
        fix: "give every NATS node the same cluster {} block with routes to the others (deploy/nats.conf), or run one node (fly scale count nats=1)",
      },
    };
  }
  if (cluster && size === 2) {
    return {
      size,
      cluster,
      servers,
      problem: {
        kind: "no-quorum",
        message: `NATS cluster ${cluster} has 2 nodes: JetStream needs a majority, so losing either node stops every stream (2 nodes are less available than 1)`,
        fix: `run ${MIN_CLUSTER_SIZE} nodes (fly scale count nats=${MIN_CLUSTER_SIZE}) or 1`,
      },
    };
  }
  return { size, cluster, servers };
}

/** Replicas for streams and buckets when nothing sets them: the cluster's size, at most 3. */
export function defaultReplicas(topology: Pick<Topology, "size">): number {
  return Math.min(topology.size, 3);
}
