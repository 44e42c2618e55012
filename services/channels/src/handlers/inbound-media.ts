import { MAX_ATTACHMENTS, putAttachment, type AttachmentRef, type Bus } from "@clawfleet/bus";
import { errorMessage, sniffImageType } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import { formatMegabytes, mediaPlaceholder, type InboundMedia } from "../domain/inbound-media.js";

/** What an accepted message's media became: stored images, and placeholders for everything else. */
export interface ResolvedMedia {
  attachments: AttachmentRef[];
  /** One placeholder per item not passed on as an image (kind, type, size and why). */
  notes: string[];
}

/**
 * Downloads each image of an accepted message within `maxImageBytes`, checks its bytes are a PNG,
 * JPEG, GIF or WebP image, and stores it in the `attachments` object store (content-addressed, so a
 * redelivered message stores nothing new). Non-images, oversized images, failed downloads and
 * anything past the 8th image become placeholders with the reason; nothing here throws, so the
 * message's text is always delivered.
 */
export async function resolveInboundMedia(
  bus: Bus,
  media: readonly InboundMedia[],
  maxImageBytes: number,
  log: Logger,
): Promise<ResolvedMedia> {
  const resolved: ResolvedMedia = { attachments: [], notes: [] };
  for (const item of media) {
    const outcome = await resolveOne(bus, item, maxImageBytes, resolved.attachments.length);
    if (typeof outcome === "string") {
      if (item.kind === "image")
        log.info(`image not passed on: ${mediaPlaceholder(item, outcome)}`);
      resolved.notes.push(mediaPlaceholder(item, outcome || undefined));
    } else resolved.attachments.push(outcome);
  }
  return resolved;
}

/** The stored image, or the reason it is a placeholder ("" for media that is simply not an image). */
async function resolveOne(
  bus: Bus,
  item: InboundMedia,
  maxImageBytes: number,
  stored: number,
): Promise<AttachmentRef | string> {
  if (item.kind !== "image") return "";
  if (stored >= MAX_ATTACHMENTS) return `only ${MAX_ATTACHMENTS} images are passed on per message`;
  if (item.size !== undefined && item.size > maxImageBytes)
    return `over the ${formatMegabytes(maxImageBytes)} image limit`;
  const fetched = await item.fetch({
    maxBytes: maxImageBytes,
    signal: AbortSignal.timeout(60_000),
  });
  if (!fetched.ok) return fetched.reason;
  const mimeType = sniffImageType(fetched.bytes);
  if (!mimeType) return "not a PNG, JPEG, GIF or WebP image";
  try {
    return await putAttachment(bus, {
      bytes: fetched.bytes,
      mimeType,
      ...(item.fileName ? { fileName: item.fileName } : {}),
    });
  } catch (error) {
    return `could not be stored: ${errorMessage(error)}`;
  }
}
