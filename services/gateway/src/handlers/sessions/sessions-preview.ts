import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  keys: z.array(z.string().min(1).max(512)).max(100),
  limit: z.number().int().positive().max(50).optional(),
});

/** `sessions.preview`: the last user/assistant messages of each requested session, from the bus. */
export function sessionsPreviewMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("sessions.preview", Scope.Read, paramsSchema, async (params) => {
    const limit = params.limit ?? 3;
    const previews = await Promise.all(
      params.keys.map(async (key) => {
        const state = await deps.sessions.get(key);
        if (!state) return { key, status: "missing", items: [] };
        const { entries } = await deps.sessions.history(state, limit * 4);
        const items = entries
          .filter((e) => e.role === "user" || e.role === "assistant")
          .slice(-limit)
          .map((m) => ({ role: m.role, text: m.text, timestamp: m.ts }));
        return { key, status: items.length > 0 ? "ok" : "empty", items };
      }),
    );
    return { ts: Date.now(), previews };
  });
}
