import { chunkText, isNoReply, type ReplyTarget } from "@clawfleet/core";
import type { OutboundChunk } from "./channel-adapter.js";
import { deliveryKey } from "./kv-keys.js";

/** One chunk to send, with the KV key that records it was sent. */
export interface PlannedChunk extends OutboundChunk {
  index: number;
  /** Key in `Buckets.Deliveries`. */
  key: string;
}

/** The outbox fields a delivery plan reads. */
export interface PlannableMessage {
  id: string;
  target: ReplyTarget;
  text: string;
}

/**
 * Splits an outbox message into the chunks to send, in order: at most `limit` characters each,
 * never inside a code fence; only the first chunk replies to the triggering message. A silent
 * reply (`NO_REPLY`) plans nothing.
 */
export function planDelivery(message: PlannableMessage, limit: number): PlannedChunk[] {
  if (isNoReply(message.text)) return [];
  const account = { channel: message.target.channel, accountId: message.target.accountId };
  return chunkText(message.text, limit).map((text, index) => {
    const chunk: PlannedChunk = {
      index,
      text,
      key: deliveryKey(account, message.id, index),
      idempotencyKey: `${message.id}#${index}`,
    };
    if (index === 0 && message.target.replyToMessageId !== undefined)
      chunk.replyToMessageId = message.target.replyToMessageId;
    return chunk;
  });
}

/** A stable key for a chat (and thread) a typing indicator runs in. */
export function targetKey(target: ReplyTarget): string {
  return `${target.channel}/${target.accountId}/${target.peer.kind}/${target.peer.id}/${target.threadId ?? ""}`;
}
