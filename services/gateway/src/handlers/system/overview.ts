import type { InstanceStats } from "@clawfleet/bus";
import { errorMessage, resolveDefaultAgentId } from "@clawfleet/core";
import type { SessionRow } from "../../bus/session-reader.js";
import { GatewayError } from "../../errors.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { readChannelsStatus, type ChannelsStatusPayload } from "../channels/channels-status.js";

/** A live service instance as health, status and the services view show it. */
export interface ServiceInstanceView {
  name: string;
  id: string;
  status: "ready" | "not ready";
  processGroup: string;
  region?: string;
  pid?: string;
  version: string;
  rssBytes?: number;
  uptimeSeconds?: number;
  started: string;
  stats: Record<string, unknown>;
}

/** Everything health and status report, gathered in parallel with short timeouts so they never hang. */
export interface Overview {
  channels: ChannelsStatusPayload | undefined;
  sessions: SessionRow[] | undefined;
  instances: ServiceInstanceView[];
  problems: string[];
}

const PART_TIMEOUT_MS = 1500;
const EXPECTED: readonly string[] = ["gateway", "agents", "channels", "voice"];

/** Gathers channel status, sessions and live instances; a part that fails becomes a problem line. */
export async function gatherOverview(deps: GatewayDeps): Promise<Overview> {
  const problems: string[] = [];
  const note = (error: unknown) => {
    problems.push(
      error instanceof GatewayError ? error.message : String(errorMessage(error) ?? error),
    );
    return undefined;
  };
  const [channels, sessions, instances] = await Promise.all([
    readChannelsStatus(deps.bus, undefined, PART_TIMEOUT_MS).catch(note),
    deps.sessions.list(1000).catch(note),
    deps.directory.list(0),
  ]);
  const running = new Set(instances.map((i) => i.name));
  for (const name of EXPECTED)
    if (!running.has(name) && !problems.some((p) => p.includes(`the ${name} service`)))
      problems.push(`no ${name} instance answers on the bus`);
  return { channels, sessions, instances: instances.map(instanceView), problems };
}

/** The view of one instance from its `$SRV.STATS` answer. */
export function instanceView(instance: InstanceStats): ServiceInstanceView {
  const data = instance.data;
  const view: ServiceInstanceView = {
    name: instance.name,
    id: instance.id,
    status: data.ready === false ? "not ready" : "ready",
    processGroup: instance.metadata.process_group ?? instance.name,
    version: instance.version,
    started: instance.started,
    stats: data,
  };
  if (instance.metadata.region) view.region = instance.metadata.region;
  if (instance.metadata.pid) view.pid = instance.metadata.pid;
  if (typeof data.rssBytes === "number") view.rssBytes = data.rssBytes;
  if (typeof data.uptimeSeconds === "number") view.uptimeSeconds = data.uptimeSeconds;
  return view;
}

/** Session counts per agent, with the five most recent keys. */
export function sessionsByAgent(
  deps: GatewayDeps,
  sessions: SessionRow[],
): {
  agentId: string;
  isDefault: boolean;
  sessions: SessionsSummary;
}[] {
  const config = deps.config();
  const defaultAgent = resolveDefaultAgentId(config);
  const ids = new Set([
    defaultAgent,
    ...config.agents.list.map((a) => a.id.toLowerCase()),
    ...sessions.map((s) => s.agentId),
  ]);
  return [...ids].map((agentId) => {
    const own = sessions.filter((s) => s.agentId === agentId);
    return {
      agentId,
      isDefault: agentId === defaultAgent,
      sessions: { path: SESSION_STORE_PATH, count: own.length, recent: recent(own) },
    };
  });
}

/** Where sessions live, as health shows OpenClaw's session store path. */
export const SESSION_STORE_PATH = "nats:kv/sessions";

/** Session counts as OpenClaw's health prints them (`path`, `count`, recent keys with age). */
export interface SessionsSummary {
  path: string;
  count: number;
  recent: RecentSession[];
}

/** A recently updated session: its key, when, and how long ago (ms). */
export interface RecentSession {
  key: string;
  updatedAt: number;
  age: number;
}

/** The five most recently updated sessions. */
export function recent(sessions: SessionRow[]): RecentSession[] {
  const now = Date.now();
  return [...sessions]
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, 5)
    .map((s) => ({ key: s.key, updatedAt: s.updatedAt, age: Math.max(0, now - s.updatedAt) }));
}

/** Instances grouped by process group, for the services view. */
export function processGroups(
  instances: ServiceInstanceView[],
): { group: string; services: string[]; instances: ServiceInstanceView[] }[] {
  const groups = new Map<string, ServiceInstanceView[]>();
  for (const instance of instances)
    groups.set(instance.processGroup, [...(groups.get(instance.processGroup) ?? []), instance]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, list]) => ({
      group,
      services: [...new Set(list.map((i) => i.name))],
      instances: list,
    }));
}
