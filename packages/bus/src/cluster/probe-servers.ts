import { lookup } from "node:dns/promises";
import { connect } from "@nats-io/transport-node";
import type { NatsAuth } from "../core/connect.js";
import type { ServerIdentity } from "./topology.js";

/** Every `host:port` a URL list names, each DNS name expanded to all its addresses. */
export async function resolveEndpoints(servers: string): Promise<string[]> {
  const endpoints = new Set<string>();
  for (const raw of servers
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const url = new URL(raw.includes("://") ? raw : `nats://${raw}`);
    const port = url.port || "4222";
    const host = url.hostname.replace(/^\[|\]$/g, "");
    let addresses: { address: string; family: number }[];
    try {
      addresses = await lookup(host, { all: true });
    } catch {
      addresses = [];
    }
    for (const { address, family } of addresses)
      endpoints.add(family === 6 ? `[${address}]:${port}` : `${address}:${port}`);
  }
  return [...endpoints];
}

/**
 * Connects to every address behind `servers` once, on its own (no cluster discovery), and returns
 * what each server says about itself; addresses that do not answer within `timeoutMs` are left out.
 */
export async function probeServers(
  servers: string,
  auth: NatsAuth,
  timeoutMs = 2000,
): Promise<ServerIdentity[]> {
  const endpoints = await resolveEndpoints(servers);
  const answers = await Promise.all(
    endpoints.map(async (endpoint): Promise<ServerIdentity | undefined> => {
      try {
        const nc = await connect({
          servers: [endpoint],
          name: "clawfleet-topology-probe",
          timeout: timeoutMs,
          reconnect: false,
          ignoreClusterUpdates: true,
          ...auth,
        });
        const info = nc.info;
        await nc.close();
        if (!info) return undefined;
        return {
          endpoint,
          serverId: info.server_id,
          serverName: info.server_name,
          cluster: info.cluster || undefined,
          connectUrls: info.connect_urls ?? [],
          jetstream: info.jetstream ?? false,
        };
      } catch {
        return undefined;
      }
    }),
  );
  return answers.filter((a): a is ServerIdentity => a !== undefined);
}
