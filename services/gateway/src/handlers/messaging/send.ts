import { errorMessage } from "@clawfleet/core";
import { Outbox } from "@clawfleet/bus";
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { resolveSendAccount } from "../../domain/channel-accounts.js";
import { outboundTarget } from "../../domain/outbound-target.js";
import { stableId } from "../../domain/stable-id.js";
import { ErrorCode, GatewayError, invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

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
  return defineMethod("send", Scope.Write, paramsSchema, async (params) => {
    const account = resolveSendAccount(deps.config(), params.channel, params.accountId);
    if (typeof account === "string") throw invalidRequest(account);
    const target = outboundTarget({
      ...account,
      to: params.to,
      ...(params.threadId ? { threadId: params.threadId } : {}),
    });
    if (typeof target === "string") throw invalidRequest(target);
    const key = params.idempotencyKey ?? randomUUID();
    return deps.idempotency.run("send", key, async () => {
      const messageId = `send:${stableId(key)}`;
      try {
        await deps.bus.jsPublish(
          Outbox,
          { channel: target.channel, account: target.accountId },
          { id: messageId, target, text: params.message, origin: "send", createdAt: Date.now() },
          { msgID: messageId },
        );
      } catch (error) {
        throw new GatewayError(
          ErrorCode.Unavailable,
          `could not queue the message: ${errorMessage(error)}`,
          { cause: error },
        );
      }
      const result: Record<string, unknown> = {
        ok: true,
        messageId,
        channel: target.channel,
        accountId: target.accountId,
        to: params.to,
      };
      if (await deps.directory.confirmedAbsent("channels"))
        result.warning =
          "no channels service is running: the message is queued and will be delivered when one starts";
      return result;
    });
  });
}
