import type { WireError } from "../llm-dialect.js";
import { decodeBase64, FakeImageTypes, imageSeen, sniffFakeImage } from "../llm-images.js";
import type { FakeImageType, LlmImageSeen } from "../llm-images.js";
import { invalidRequest } from "./anthropic-validate.js";

type Block = { type?: unknown; source?: unknown; content?: unknown };

/** Anthropic's limit on one image's encoded size (5 MB of base64). */
export const ANTHROPIC_IMAGE_MAX_BASE64 = 5 * 1024 * 1024;

function checkImage(block: Block, path: string, messageIndex: number): LlmImageSeen | WireError {
  const source = block.source as Record<string, unknown> | undefined;
  if (source === null || typeof source !== "object")
    return invalidRequest(`${path}.source: Field required`);
  if (source["type"] !== "base64")
    return invalidRequest(
      `${path}.source.type: this fake takes base64 images only (got ${JSON.stringify(source["type"])})`,
    );
  const mediaType = source["media_type"];
  if (!FakeImageTypes.includes(mediaType as FakeImageType))
    return invalidRequest(
      `${path}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`,
    );
  const data = source["data"];
  if (typeof data !== "string" || data === "")
    return invalidRequest(`${path}.source.base64.data: image cannot be empty`);
  if (data.length > ANTHROPIC_IMAGE_MAX_BASE64)
    return invalidRequest(
      `${path}.source.base64: image exceeds 5 MB maximum: ${data.length} bytes > ${ANTHROPIC_IMAGE_MAX_BASE64} bytes`,
    );
  const bytes = decodeBase64(data);
  if (!bytes) return invalidRequest(`${path}.source.base64.data: invalid base64 data`);
  const actual = sniffFakeImage(bytes);
  if (!actual) return invalidRequest(`${path}.source.base64.data: Could not process image`);
  if (actual !== mediaType)
    return invalidRequest(
      `${path}.source.base64.data: The image was specified using the ${String(mediaType)} media type, but the image appears to be a ${actual} image`,
    );
  return imageSeen(messageIndex, actual, bytes);
}

/**
 * Checks every image block (in user messages and inside tool results) as the Messages API does —
 * base64 source, one of the four types, decodable bytes that are that type — and lists them in
 * order; or answers the 400.
 */
export function anthropicImages(
  messages: readonly { role?: unknown; content?: unknown }[],
): LlmImageSeen[] | WireError {
  const seen: LlmImageSeen[] = [];
  for (const [index, message] of messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [position, block] of (message.content as Block[]).entries()) {
      const nested =
        block.type === "tool_result" && Array.isArray(block.content)
          ? (block.content as Block[]).map((b, i) => [b, `.content.${i}`] as const)
          : [];
      for (const [image, suffix] of [[block, ""] as const, ...nested]) {
        if (image.type !== "image") continue;
        const path = `messages.${index}.content.${position}${suffix}.image`;
        if (message.role !== "user")
          return invalidRequest(`${path}: images are only allowed in user messages`);
        const checked = checkImage(image, path, index);
        if ("status" in checked) return checked;
        seen.push(checked);
      }
    }
  }
  return seen;
}
