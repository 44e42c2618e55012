import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { queueDirectSend } from "./queue-send.js";

const paramsSchema = z.looseObject({
  to: z.string().min(1).max(256),
  message: z.string().min(1, "message must not be empty").max(100_000),
  channel: z.string().max(32).optional(),
  accountId: z.string().max(128).optional(),
  threadId: z.string().max(128).optional(),
  idempotencyKey: z.string().min(1).max(512).optional(),
});

/** `send`: puts text straight into a channel account's OUTBOX (no agent); the account's connector delivers it. */
export function sendMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("send", Scope.Write, paramsSchema, (params) => queueDirectSend(deps, params));
}
