import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { sessionListRow } from "./session-view.js";

/** Rows answered at most, whatever `limit` asks (OpenClaw's clients ask for up to several thousand). */
export const SESSIONS_LIST_MAX = 5000;

const paramsSchema = z.looseObject({
  limit: z.number().int().positive().optional(),
  agentId: z.string().max(64).optional(),
});

/** `sessions.list`: sessions from the bus (no agents worker needed), most recent first, in OpenClaw's row shape. */
export function sessionsListMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("sessions.list", Scope.Read, paramsSchema, async (params) => {
    const limit = Math.min(params.limit ?? 200, SESSIONS_LIST_MAX);
    const rows = await deps.sessions.list(limit, params.agentId);
    const sessions = rows.map((row) => sessionListRow(deps.config(), row));
    return {
      ts: Date.now(),
      path: "nats:kv/sessions",
      count: sessions.length,
      defaults: { model: null, contextTokens: null },
      sessions,
    };
  });
}
