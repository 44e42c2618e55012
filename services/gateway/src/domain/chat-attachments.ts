import { isImageMimeType, sniffImageType, type ImageMimeType } from "@clawfleet/core";
import { MAX_ATTACHMENTS } from "@clawfleet/bus";
import * as z from "zod";
import type { AttachmentPolicy } from "./attachment-policy.js";

/** One attachment as OpenClaw's clients send it in `chat.send` / `agent` (`content`: base64 or a data: URL). */
export const chatAttachmentSchema = z.looseObject({
  type: z.string().max(64).optional(),
  mimeType: z.string().max(255).optional(),
  fileName: z.string().max(1024).optional(),
  content: z.string(),
});
/** One attachment of a request. */
export type ChatAttachment = z.infer<typeof chatAttachmentSchema>;

/** An attachment that passed every check: its bytes and what they are. */
export interface DecodedImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  fileName?: string;
}

/** What {@link decodeChatAttachments} found: the images, or why one of them is refused. */
export type DecodeResult = { ok: true; images: DecodedImage[] } | { ok: false; error: string };

const NAMES: Record<ImageMimeType, string> = {
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/gif": "GIF",
  "image/webp": "WebP",
};
const ONLY_IMAGES = "not supported: only images can be attached";
const ONLY_FOUR = "only PNG, JPEG, GIF and WebP images can be attached";
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Megabytes with one decimal, as people read file sizes ("9.1 MB", "6 MB"). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}

/**
 * Decodes and checks a request's attachments: at most 8, each an image (PNG, JPEG, GIF or WebP by
 * its magic bytes, matching the declared type), no larger than `policy.maxImageBytes`. The first
 * refusal names the file and the reason; nothing is returned for the others then.
 */
export function decodeChatAttachments(
  attachments: readonly ChatAttachment[],
  policy: AttachmentPolicy,
): DecodeResult {
  if (attachments.length > MAX_ATTACHMENTS)
    return {
      ok: false,
      error: `at most ${MAX_ATTACHMENTS} attachments can be sent with a message`,
    };
  const images: DecodedImage[] = [];
  for (const [index, attachment] of attachments.entries()) {
    const decoded = decodeOne(attachment, index, policy);
    if (typeof decoded === "string") return { ok: false, error: decoded };
    images.push(decoded);
  }
  return { ok: true, images };
}

function decodeOne(
  attachment: ChatAttachment,
  index: number,
  policy: AttachmentPolicy,
): DecodedImage | string {
  const label = attachment.fileName?.trim() || `attachment ${index + 1}`;
  let content = attachment.content.trim();
  let declared = normalizeMime(attachment.mimeType);
  const dataUrl = DATA_URL.exec(content);
  if (dataUrl) {
    declared ??= normalizeMime(dataUrl[1]);
    content = content.slice(dataUrl[0].length);
  } else if (content.startsWith("data:")) {
    return `${label}: content is a data: URL without base64 data`;
  }
  if (declared !== undefined && !declared.startsWith("image/")) return `${label}: ${ONLY_IMAGES}`;
  if (declared !== undefined && !isImageMimeType(declared)) return `${label}: ${ONLY_FOUR}`;
  content = content.replace(/\s+/g, "");
  if (content.length === 0) return `${label} is empty`;
  if (!BASE64.test(content) || content.length % 4 === 1)
    return `${label}: content is not valid base64`;
  // Checked before decoding, so an oversized image costs no memory beyond its frame.
  const size = Math.floor((content.length * 3) / 4) - (content.match(/=+$/)?.[0].length ?? 0);
  if (size > policy.maxImageBytes)
    return `${label} is ${formatMegabytes(size)}; images are limited to ${formatMegabytes(policy.maxImageBytes)}`;
  const bytes = new Uint8Array(Buffer.from(content, "base64"));
  const sniffed = sniffImageType(bytes);
  if (!sniffed)
    return attachment.type === "file" && declared === undefined
      ? `${label}: ${ONLY_IMAGES}`
      : `${label}: ${ONLY_FOUR}`;
  if (declared !== undefined && sniffed !== declared)
    return `${label} is declared ${NAMES[declared as ImageMimeType]} but its bytes are a ${NAMES[sniffed]} image`;
  const image: DecodedImage = { bytes, mimeType: sniffed };
  if (attachment.fileName?.trim()) image.fileName = attachment.fileName.trim().slice(0, 255);
  return image;
}

function normalizeMime(value: string | undefined): string | undefined {
  const mime = value?.split(";", 1)[0]?.trim().toLowerCase();
  if (!mime) return undefined;
  return mime === "image/jpg" ? "image/jpeg" : mime;
}
