import { SESSION_LABEL_MAX, SessionsPatch } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({
  key: z.string().min(1).max(512),
  agentId: z.string().max(64).optional(),
  label: z.string().trim().min(1).max(SESSION_LABEL_MAX).nullable().optional(),
  model: z.string().trim().min(1).max(200).nullable().optional(),
});

/**
 * `sessions.patch {key, agentId?, label?, model?}` (OpenClaw's shape; `null` clears a field): renames a session
 * or sets the model its next turns use, answered by the agents (which check the model against
 * `models.list`). Replies `{ok, key, entry, resolved: {modelProvider, model}}` and tells every reader
 * with `sessions.changed` (reason `patch`). OpenClaw's admin-only overrides are not supported.
 */
export function sessionsPatchMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("sessions.patch", Scope.Write, paramsSchema, async (params) => {
    const target = resolveSessionTarget(deps.config(), params.key, params.agentId);
    if (typeof target === "string") throw invalidRequest(target);
    const unsupported = Object.keys(params).filter(
      (k) => !["key", "agentId", "label", "model"].includes(k),
    );
    if (unsupported.length > 0)
      throw invalidRequest(
        `sessions.patch: ${unsupported.join(", ")} not supported by this gateway (label and model are)`,
      );
    const reply = await callService(
      deps.bus,
      "agents",
      SessionsPatch,
      {},
      {
        key: target.sessionKey,
        ...(params.label !== undefined ? { label: params.label } : {}),
        ...(params.model !== undefined ? { model: params.model } : {}),
      },
    );
    deps.clients.broadcast(
      "sessions.changed",
      { sessionKey: reply.key, reason: "patch", ts: Date.now() },
      Scope.Read,
    );
    const model = reply.model ?? deps.config().agents.defaults.model?.primary;
    const slash = model?.indexOf("/") ?? -1;
    return {
      ok: true,
      key: reply.key,
      entry: {
        sessionId: reply.sessionId,
        ...(reply.label ? { label: reply.label } : {}),
        ...(reply.model ? { model: reply.model } : {}),
      },
      resolved:
        model && slash > 0
          ? { modelProvider: model.slice(0, slash), model: model.slice(slash + 1) }
          : {},
    };
  });
}
