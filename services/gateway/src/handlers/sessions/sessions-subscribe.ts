import * as z from "zod";
import { sessionMessagesTopic } from "../../bus/agent-event-relay.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef, type MethodContext } from "../method.js";

/** The topic `sessions.subscribe` subscribes to (`sessions.changed` reaches every reader anyway). */
export const SESSIONS_TOPIC = "sessions";

const keyParams = z.looseObject({
  key: z.string().max(512).optional(),
  sessionKey: z.string().max(512).optional(),
});

/**
 * `sessions.subscribe` / `sessions.unsubscribe` (session list changes) and
 * `sessions.messages.subscribe` / `sessions.messages.unsubscribe` (`session.message` events of one
 * session, sent with this connection's event `seq`).
 */
export function sessionsSubscribeMethods(deps: GatewayDeps): MethodDef[] {
  const topicOf = (params: z.output<typeof keyParams>) => {
    const target = resolveSessionTarget(deps.config(), params.key ?? params.sessionKey);
    if (typeof target === "string") throw invalidRequest(target);
    return { key: target.sessionKey, topic: sessionMessagesTopic(target.sessionKey) };
  };
  const toggle = (on: boolean, ctx: MethodContext, topic: string) =>
    on ? ctx.subscribe(topic) : ctx.unsubscribe(topic);
  return [
    ...[true, false].map((on) =>
      defineMethod(
        on ? "sessions.subscribe" : "sessions.unsubscribe",
        Scope.Read,
        z.looseObject({}),
        async (_params, ctx) => {
          toggle(on, ctx, SESSIONS_TOPIC);
          return { subscribed: on };
        },
      ),
    ),
    ...[true, false].map((on) =>
      defineMethod(
        on ? "sessions.messages.subscribe" : "sessions.messages.unsubscribe",
        Scope.Read,
        keyParams,
        async (params, ctx) => {
          const { key, topic } = topicOf(params);
          toggle(on, ctx, topic);
          return { subscribed: on, key };
        },
      ),
    ),
  ];
}
