import { SessionsList } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  limit: z.number().int().positive().max(1000).optional(),
  agentId: z.string().max(64).optional(),
});

/** `sessions.list`: sessions known to the agents, most recent first, in OpenClaw's row shape. */
export function sessionsListMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("sessions.list", Scope.Read, paramsSchema, async (params) => {
    const request: { limit?: number; agentId?: string } = {};
    if (params.limit) request.limit = params.limit;
    if (params.agentId) request.agentId = params.agentId;
    const reply = await callService(deps.bus, "agents", SessionsList, {}, request);
    const sessions = reply.sessions.map((s) => ({ ...s, lastMessagePreview: s.lastMessage }));
    return { ts: Date.now(), count: sessions.length, sessions };
  });
}
