import type { WireError } from "../llm-dialect.js";
import { decodeBase64, imageSeen, sniffFakeImage } from "../llm-images.js";
import type { LlmImageSeen } from "../llm-images.js";
import { openaiInvalid } from "./openai-validate.js";

type Part = { type?: unknown; image_url?: unknown; text?: unknown };

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/s;

function checkImagePart(part: Part, param: string, messageIndex: number): LlmImageSeen | WireError {
  const imageUrl = part.image_url as Record<string, unknown> | undefined;
  const url = imageUrl && typeof imageUrl === "object" ? imageUrl["url"] : undefined;
  if (typeof url !== "string")
    return openaiInvalid(
      `Missing required parameter: '${param}.image_url.url'.`,
      `${param}.image_url.url`,
      "missing_required_parameter",
    );
  if (/^https?:/i.test(url))
    return openaiInvalid(
      `this fake takes base64 data: URLs only, not ${url.slice(0, 60)}`,
      `${param}.image_url.url`,
      "invalid_value",
    );
  const match = DATA_URL.exec(url);
  const bytes = match ? decodeBase64(match[2]!) : undefined;
  if (!bytes)
    return openaiInvalid(
      `Invalid '${param}.image_url.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value that is not.`,
      `${param}.image_url.url`,
      "invalid_value",
    );
  const actual = sniffFakeImage(bytes);
  if (!actual)
    return openaiInvalid(
      "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
      null,
      "invalid_image_format",
    );
  return imageSeen(messageIndex, actual, bytes);
}

/**
 * Checks content parts as chat completions does — `image_url` parts only in user messages, each a
 * base64 `data:` URL of a PNG, JPEG, GIF or WebP — and lists the images in order; or answers the 400.
 */
export function openaiImages(
  messages: readonly { role?: unknown; content?: unknown }[],
): LlmImageSeen[] | WireError {
  const seen: LlmImageSeen[] = [];
  for (const [index, message] of messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [position, part] of (message.content as Part[]).entries()) {
      const param = `messages[${index}].content[${position}]`;
      if (part.type === "text" || (part.type === "refusal" && message.role === "assistant"))
        continue;
      if (part.type !== "image_url" || message.role !== "user") {
        const message_ =
          message.role === "user"
            ? `this fake takes 'text' and 'image_url' parts only, not '${String(part.type)}'`
            : `Invalid value: '${String(part.type)}'. Supported values are: 'text' and 'refusal'.`;
        return openaiInvalid(message_, `${param}.type`, "invalid_value");
      }
      const checked = checkImagePart(part, param, index);
      if ("status" in checked) return checked;
      seen.push(checked);
    }
  }
  return seen;
}
