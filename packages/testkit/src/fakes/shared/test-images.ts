import { createHash } from "node:crypto";

/** Image formats {@link testImage} can make. */
export type TestImageType = "png" | "jpeg" | "gif" | "webp";

const MAGIC: Record<TestImageType, number[]> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  gif: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  webp: [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
};

/** The MIME type of each {@link TestImageType}. */
export const TestImageMimeTypes: Record<TestImageType, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/**
 * `size` bytes that start with the real signature of `type` (what servers and `sniffImageType`
 * check) followed by filler derived from `seed`, so two seeds give two different images (and two
 * content addresses). Not decodable pixels: only the edges that sniff bytes are exercised.
 */
export function testImage(type: TestImageType, size: number, seed = "image"): Uint8Array {
  const magic = MAGIC[type];
  if (size < magic.length + 4) throw new Error(`testImage: ${size} bytes is too small for ${type}`);
  const bytes = new Uint8Array(size);
  bytes.set(magic);
  if (type === "webp") new DataView(bytes.buffer).setUint32(4, size - 8, true);
  let block = createHash("sha256").update(seed).digest();
  for (let at = magic.length; at < size; at += block.length) {
    bytes.set(block.subarray(0, Math.min(block.length, size - at)), at);
    block = createHash("sha256").update(block).digest();
  }
  return bytes;
}
