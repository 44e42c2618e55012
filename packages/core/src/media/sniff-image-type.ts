/** The image types a chat message may carry: what every model provider we talk to accepts. */
export const ImageMimeTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** One of the image types a chat message may carry. */
export type ImageMimeType = (typeof ImageMimeTypes)[number];

const SIGNATURES: readonly { type: ImageMimeType; at: number; bytes: readonly number[] }[] = [
  { type: "image/png", at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", at: 0, bytes: [0xff, 0xd8, 0xff] },
  { type: "image/gif", at: 0, bytes: [0x47, 0x49, 0x46, 0x38] }, // "GIF8" (GIF87a / GIF89a)
  { type: "image/webp", at: 8, bytes: [0x57, 0x45, 0x42, 0x50] }, // "WEBP" after "RIFF" + size
];
const RIFF = [0x52, 0x49, 0x46, 0x46];

function matchesAt(bytes: Uint8Array, at: number, signature: readonly number[]): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((byte, i) => bytes[at + i] === byte);
}

/**
 * The image type the bytes' magic numbers say they are (PNG, JPEG, GIF or WebP), or undefined for
 * anything else — so a file is never stored or sent to a model as an image it is not.
 */
export function sniffImageType(bytes: Uint8Array): ImageMimeType | undefined {
  for (const { type, at, bytes: signature } of SIGNATURES) {
    if (type === "image/webp" && !matchesAt(bytes, 0, RIFF)) continue;
    if (matchesAt(bytes, at, signature)) return type;
  }
  return undefined;
}

/** True when `value` is one of {@link ImageMimeTypes}. */
export function isImageMimeType(value: string): value is ImageMimeType {
  return (ImageMimeTypes as readonly string[]).includes(value);
}
