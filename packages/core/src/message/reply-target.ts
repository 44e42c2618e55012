import * as z from "zod";
import type { InboundMessage } from "./inbound-message.js";
import { ChannelIdSchema, PeerSchema, PlatformIdSchema } from "./inbound-message.js";

/** Where outbound text goes: channel account, peer, optional thread/topic and message to reply to. */
export const ReplyTargetSchema = z.object({
  channel: ChannelIdSchema,
  accountId: PlatformIdSchema,
  peer: PeerSchema,
  threadId: PlatformIdSchema.optional(),
  replyToMessageId: PlatformIdSchema.optional(),
});

/** A validated reply target. */
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;

/** The reply target that answers an inbound message in place (same chat, thread, quoting it). */
export function replyTargetFor(
  message: InboundMessage,
  options: { quote?: boolean } = {},
): ReplyTarget {
  const target: ReplyTarget = {
    channel: message.channel,
    accountId: message.accountId,
    peer: { ...message.peer },
  };
  if (message.threadId !== undefined) target.threadId = message.threadId;
  if (options.quote !== false) target.replyToMessageId = message.messageId;
  return target;
}
