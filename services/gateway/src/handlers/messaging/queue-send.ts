import { errorMessage } from "@clawfleet/core";
import { Outbox } from "@clawfleet/bus";
import { randomUUID } from "node:crypto";
import { stableId } from "../../domain/stable-id.js";
import { ErrorCode, GatewayError } from "../../errors.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { deliveryTarget } from "./delivery-target.js";

/** A direct outbound message, as `send` and `message.action` (send) take it. */
export interface DirectSend {
  to: string;
  message: string;
  channel?: string | undefined;
  accountId?: string | undefined;
  threadId?: string | undefined;
  idempotencyKey?: string | undefined;
}

/**
 * Puts text straight into a channel account's OUTBOX (no agent), deduplicated on the
 * idempotency key; the account's connector delivers it. Answers `{ok, messageId, channel,
 * accountId, to}` plus a warning when no channels service runs.
 */
export async function queueDirectSend(
  deps: GatewayDeps,
  send: DirectSend,
): Promise<Record<string, unknown>> {
  const target = deliveryTarget(deps.config(), send);
  const key = send.idempotencyKey ?? randomUUID();
  return deps.idempotency.run("send", key, async () => {
    const messageId = `send:${stableId(key)}`;
    try {
      await deps.bus.jsPublish(
        Outbox,
        { channel: target.channel, account: target.accountId },
        { id: messageId, target, text: send.message, origin: "send", createdAt: Date.now() },
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
      to: send.to,
    };
    if (await deps.directory.confirmedAbsent("channels"))
      result.warning =
        "no channels service is running: the message is queued and will be delivered when one starts";
    return result;
  });
}
