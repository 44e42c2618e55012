import type { AttachmentRef } from "@clawfleet/bus";
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
  /** Images to send before the text. */
  attachments?: readonly AttachmentRef[] | undefined;
}

/** One image to send, with the KV key that records it was sent. */
export interface PlannedImage {
  index: number;
  attachment: AttachmentRef;
  /** Key in `Buckets.Deliveries`. */
  key: string;
  /** Stable id of this send (`<outbox id>#image<index>`). */
  idempotencyKey: string;
  /** Only the first image of a reply quotes the trigger. */
  replyToMessageId?: string;
}

/** How an image is named in notes: its file name, or "image". */
export function imageLabel(attachment: AttachmentRef): string {
  return attachment.fileName ?? "image";
}

/** The note that replaces images a channel cannot send ("not supported", never a silent drop). */
export function unsupportedImagesNote(
  attachments: readonly AttachmentRef[],
  channel: string,
): string {
  const names = attachments.map(imageLabel).join(", ");
  return `(${attachments.length === 1 ? "image" : "images"} ${names} not sent: sending images is not supported on ${channel} yet)`;
}

/**
 * The images of an outbox message to send before its text, in order, when the channel can send
 * images (none otherwise: {@link planDelivery} then says so in the text). The first one replies to
 * the trigger.
 */
export function planImages(message: PlannableMessage, supported: boolean): PlannedImage[] {
  if (!supported) return [];
  const account = { channel: message.target.channel, accountId: message.target.accountId };
  return (message.attachments ?? []).map((attachment, index) => {
    const image: PlannedImage = {
      index,
      attachment,
      key: deliveryKey(account, `${message.id}#image`, index),
      idempotencyKey: `${message.id}#image${index}`,
    };
    if (index === 0 && message.target.replyToMessageId !== undefined)
      image.replyToMessageId = message.target.replyToMessageId;
    return image;
  });
}

/**
 * Splits an outbox message into the chunks to send, in order: at most `limit` characters each,
 * never inside a code fence; only the first message of a reply (its first image, else its first
 * chunk) replies to the triggering message. Images a channel cannot send (`imagesSupported` false)
 * become a note at the end of the text. A silent reply (`NO_REPLY`) without images plans nothing.
 */
export function planDelivery(
  message: PlannableMessage,
  limit: number,
  imagesSupported = true,
): PlannedChunk[] {
  const images = message.attachments ?? [];
  if (isNoReply(message.text) && images.length === 0) return [];
  const text =
    images.length > 0 && !imagesSupported
      ? [message.text, unsupportedImagesNote(images, message.target.channel)]
          .filter((part) => part.trim().length > 0)
          .join("\n\n")
      : message.text;
  if (text.trim().length === 0 || isNoReply(text)) return [];
  const imagesFirst = images.length > 0 && imagesSupported;
  const account = { channel: message.target.channel, accountId: message.target.accountId };
  return chunkText(text, limit).map((text, index) => {
    const chunk: PlannedChunk = {
      index,
      text,
      key: deliveryKey(account, message.id, index),
      idempotencyKey: `${message.id}#${index}`,
    };
    if (index === 0 && !imagesFirst && message.target.replyToMessageId !== undefined)
      chunk.replyToMessageId = message.target.replyToMessageId;
    return chunk;
  });
}

/** A stable key for a chat (and thread) a typing indicator runs in. */
export function targetKey(target: ReplyTarget): string {
  return `${target.channel}/${target.accountId}/${target.peer.kind}/${target.peer.id}/${target.threadId ?? ""}`;
}
