import { SessionsDelete, SessionsReset } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const paramsSchema = z.looseObject({ key: z.string().min(1).max(512) });

/** `sessions.reset` / `sessions.delete`: start a session afresh or forget it (answered by the agents). */
export function sessionsChangeMethods(deps: GatewayDeps): MethodDef[] {
  return [
    ["sessions.reset", SessionsReset] as const,
    ["sessions.delete", SessionsDelete] as const,
  ].map(([name, def]) =>
    defineMethod(name, Scope.Write, paramsSchema, async (params) => {
      const target = resolveSessionTarget(deps.config(), params.key);
      if (typeof target === "string") throw invalidRequest(target);
      const reply = await callService(deps.bus, "agents", def, {}, { key: target.sessionKey });
      deps.clients.broadcast(
        "sessions.changed",
        {
          sessionKey: reply.key,
          reason: name === "sessions.reset" ? "reset" : "delete",
          ts: Date.now(),
        },
        Scope.Read,
      );
      return reply;
    }),
  );
}
