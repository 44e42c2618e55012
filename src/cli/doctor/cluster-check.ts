import {
  clusterTopology,
  defaultReplicas,
  plannedStreamNames,
  provisionPlan,
  streamPlacements,
  type Bus,
  type NatsAuth,
  type StreamPlacement,
} from "@clawfleet/bus";
import type { Finding } from "./finding.js";

/**
 * The servers behind the URL form one cluster that keeps a quorum (independent servers and
 * two-node clusters are errors), and every stream and bucket has a leader and the replicas wanted.
 */
export async function checkCluster(
  bus: Bus,
  url: string,
  auth: NatsAuth,
  replicasSetting: string | undefined,
): Promise<Finding[]> {
  const names = plannedStreamNames(provisionPlan);
  const topology = await clusterTopology(bus, url, auth, names);
  if (topology.problem)
    return [
      {
        severity: "error",
        check: "nats cluster",
        message: topology.problem.message,
        fix: topology.problem.fix,
      },
    ];
  const wanted = Number(replicasSetting) || defaultReplicas(topology);
  const findings: Finding[] = [
    {
      severity: "ok",
      check: "nats cluster",
      message: topology.cluster
        ? `cluster ${topology.cluster}: ${topology.size} nodes (${topology.servers.map((s) => s.serverName).join(", ")} answer), replicas wanted ${wanted}`
        : `single server ${topology.servers[0]?.serverName ?? ""} (replicas 1; grow with a 3-node cluster, see docs/deploy-fly.md)`,
    },
  ];
  const placements = await streamPlacements(bus, names);
  findings.push(...placements.map((p) => streamFinding(p, wanted)));
  return findings;
}

function streamFinding(p: StreamPlacement, wanted: number): Finding {
  const check = `stream ${p.name}`;
  if (p.problem === "not found")
    return {
      severity: "warn",
      check,
      message: "not provisioned yet",
      fix: "start any service (it provisions every stream)",
    };
  if (p.problem)
    return {
      severity: "error",
      check,
      message: `no leader: ${p.problem}`,
      fix: "bring back the NATS node(s) holding it (fly machine list; fly machine start <id>)",
    };
  const behind = p.peers.filter((peer) => !peer.current || peer.offline).map((peer) => peer.name);
  const where = p.peers.length ? `, peers ${p.peers.map((peer) => peer.name).join(" ")}` : "";
  if (p.replicas < wanted)
    return {
      severity: "warn",
      check,
      message: `R${p.replicas} (wanted R${wanted}), leader ${p.leader}${where}`,
      fix: "restart any service: provisioning raises replicas (never lowers them)",
    };
  return {
    severity: behind.length ? "warn" : "ok",
    check,
    message: `R${p.replicas}, leader ${p.leader}${where}${behind.length ? `; catching up: ${behind.join(" ")}` : ""}`,
  };
}
