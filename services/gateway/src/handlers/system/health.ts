import { resolveDefaultAgentId } from "@clawfleet/core";
import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { recent, SESSION_STORE_PATH, sessionsByAgent, type Overview } from "./overview.js";
import type { Snapshot } from "./overview-snapshot.js";

/** `health`: OpenClaw's health summary plus the live service instances (`services[]`), from a snapshot at most 2 s old. */
export function healthMethod(deps: GatewayDeps, overviews: Snapshot<Overview>): MethodDef {
  return defineMethod("health", Scope.Read, z.looseObject({}), async () => {
    const started = Date.now();
    const overview = await overviews.get();
    const sessions = overview.sessions ?? [];
    return {
      ok: true,
      ts: Date.now(),
      durationMs: Date.now() - started,
      channels: overview.channels?.channels ?? {},
      defaultAgentId: resolveDefaultAgentId(deps.config()),
      agents: sessionsByAgent(deps, sessions),
      sessions: { path: SESSION_STORE_PATH, count: sessions.length, recent: recent(sessions) },
      services: overview.instances.map((i) => ({
        name: i.name,
        id: i.id,
        status: i.status,
        processGroup: i.processGroup,
      })),
      problems: overview.problems,
    };
  });
}
