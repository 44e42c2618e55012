import { createHash } from "node:crypto";

/** The image types both providers take. */
export const FakeImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
/** One of {@link FakeImageTypes}. */
export type FakeImageType = (typeof FakeImageTypes)[number];

/** An image a fake model received, for assertions and for the reply that reports it. */
export interface LlmImageSeen {
  /** Index of the message it came in (provider format, so OpenAI's system message counts). */
  messageIndex: number;
  mimeType: FakeImageType;
  /** Decoded bytes. */
  size: number;
  /** sha256 of the bytes, lower-case hex. */
  sha256: string;
}

/**
 * The type the bytes are by their magic numbers, as the providers check it (their own sniffing, not
 * the product's: a fake must not share the code it tests).
 */
export function sniffFakeImage(bytes: Uint8Array): FakeImageType | undefined {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP")
    return "image/webp";
  return undefined;
}

/** Decodes strict base64 (the alphabet, padding only at the end, length a multiple of 4), else undefined. */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    return undefined;
  return Buffer.from(text, "base64");
}

/** What a fake records of an image it accepted. */
export function imageSeen(
  messageIndex: number,
  mimeType: FakeImageType,
  bytes: Uint8Array,
): LlmImageSeen {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { messageIndex, mimeType, size: bytes.byteLength, sha256 };
}

/**
 * The reply of a model scripted to say what it saw: `saw 2 images: image/png 68 bytes
 * sha256:0123456789ab, …` (the first 12 hex digits), or `saw no images`.
 */
export function describeImages(images: readonly LlmImageSeen[]): string {
  if (images.length === 0) return "saw no images";
  const list = images.map((i) => `${i.mimeType} ${i.size} bytes sha256:${i.sha256.slice(0, 12)}`);
  return `saw ${images.length} image${images.length === 1 ? "" : "s"}: ${list.join(", ")}`;
}
