import * as z from "zod";
import { OPENCLAW_COMPAT_VERSION } from "../../protocol/compat-version.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import {
  processGroups,
  recent,
  SESSION_STORE_PATH,
  sessionsByAgent,
  type Overview,
} from "./overview.js";
import type { Snapshot } from "./overview-snapshot.js";

/** `status`: version, channel summary, sessions per agent, and every live instance grouped by process group. */
export function statusMethod(deps: GatewayDeps, overviews: Snapshot<Overview>): MethodDef {
  return defineMethod("status", Scope.Read, z.looseObject({}), async () => {
    const overview = await overviews.get();
    const sessions = overview.sessions ?? [];
    const channels = overview.channels;
    const channelSummary = channels
      ? channels.channelOrder.map((id) => {
          const c = channels.channels[id]!;
          return `${channels.channelLabels[id] ?? id}: ${c.connected ? "connected" : c.configured ? "not connected" : "not configured"}${c.lastError ? ` (${c.lastError})` : ""}`;
        })
      : [];
    return {
      runtimeVersion: OPENCLAW_COMPAT_VERSION,
      clawfleetVersion: deps.version,
      ts: Date.now(),
      uptimeMs: Date.now() - deps.startedAt,
      channelSummary,
      sessions: {
        path: SESSION_STORE_PATH,
        count: sessions.length,
        recent: recent(sessions),
        byAgent: sessionsByAgent(deps, sessions).map((a) => ({
          agentId: a.agentId,
          count: a.sessions.count,
        })),
      },
      services: overview.instances,
      processGroups: processGroups(overview.instances),
      presence: deps.clients.presence(),
      config: { appliedHash: deps.appliedHash() },
      problems: overview.problems,
    };
  });
}
