import { AgentAbort } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import * as z from "zod";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  sessionKey: z.string().max(512).optional(),
  runId: z.string().max(256).optional(),
});

/** `chat.abort`: asks whoever runs the session's turn to stop it. */
export function chatAbortMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("chat.abort", Scope.Write, paramsSchema, async (params) => {
    const target = resolveSessionTarget(deps.config(), params.sessionKey);
    if (typeof target === "string") throw invalidRequest(target);
    const active = deps.runs.active(target.sessionKey);
    const payload: { sessionKey: string; reason: string; runId?: string } = {
      sessionKey: target.sessionKey,
      reason: "aborted by operator",
    };
    if (params.runId) payload.runId = params.runId;
    deps.bus.publish(AgentAbort, { session: sessionToken(target.sessionKey) }, payload);
    const aborted = params.runId ? active.includes(params.runId) : active.length > 0;
    return { ok: true, aborted, runIds: params.runId ? [params.runId] : active };
  });
}
