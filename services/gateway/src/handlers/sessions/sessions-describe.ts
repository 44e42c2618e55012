import * as z from "zod";
import { sessionRow } from "../../bus/session-reader.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { sessionListRow } from "./session-view.js";

const paramsSchema = z.looseObject({
  key: z.string().max(512).optional(),
  sessionKey: z.string().max(512).optional(),
  agentId: z.string().max(64).optional(),
});

/** `sessions.describe` / `sessions.get`: one session's row from the bus (`session: null` when it does not exist yet). */
export function sessionsDescribeMethods(deps: GatewayDeps): MethodDef[] {
  return ["sessions.describe", "sessions.get"].map((name) =>
    defineMethod(name, Scope.Read, paramsSchema, async (params) => {
      const config = deps.config();
      const target = resolveSessionTarget(config, params.key ?? params.sessionKey, params.agentId);
      if (typeof target === "string") throw invalidRequest(target);
      const state = await deps.sessions.get(target.sessionKey);
      const session = state ? sessionListRow(config, sessionRow(state)) : null;
      return {
        ts: Date.now(),
        key: target.sessionKey,
        agentId: target.agentId,
        session,
        ...(session ?? {}),
      };
    }),
  );
}
