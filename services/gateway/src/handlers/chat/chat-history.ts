import { ChatHistory } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  sessionKey: z.string().max(512).optional(),
  limit: z.number().int().positive().max(1000).optional(),
});

/** `chat.history`: a session's transcript from the agents, as OpenClaw messages (`content` parts). */
export function chatHistoryMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("chat.history", Scope.Read, paramsSchema, async (params) => {
    const target = resolveSessionTarget(deps.config(), params.sessionKey);
    if (typeof target === "string") throw invalidRequest(target);
    const request: { sessionKey: string; limit?: number } = { sessionKey: target.sessionKey };
    if (params.limit) request.limit = params.limit;
    const reply = await callService(deps.bus, "agents", ChatHistory, {}, request);
    return {
      sessionKey: reply.sessionKey,
      sessionId: reply.sessionId,
      hasMore: reply.hasMore,
      messages: reply.messages.map((m) => ({
        role: m.role,
        content: [{ type: "text", text: m.text }],
        text: m.text,
        timestamp: m.ts,
        runId: m.runId,
        model: m.model,
      })),
    };
  });
}
