import { SessionsPreview } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  keys: z.array(z.string().min(1).max(512)).max(100),
  limit: z.number().int().positive().max(50).optional(),
});

/** `sessions.preview`: the last messages of each requested session. */
export function sessionsPreviewMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("sessions.preview", Scope.Read, paramsSchema, async (params) => {
    if (params.keys.length === 0) return { ts: Date.now(), previews: [] };
    const reply = await callService(
      deps.bus,
      "agents",
      SessionsPreview,
      {},
      { keys: params.keys, limit: params.limit ?? 3 },
    );
    const byKey = new Map(reply.previews.map((p) => [p.key, p.messages]));
    const previews = params.keys.map((key) => {
      const messages = byKey.get(key);
      return {
        key,
        status: messages && messages.length > 0 ? "ok" : messages ? "empty" : "missing",
        items: (messages ?? []).map((m) => ({ role: m.role, text: m.text, timestamp: m.ts })),
      };
    });
    return { ts: Date.now(), previews };
  });
}
