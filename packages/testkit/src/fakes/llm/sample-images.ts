/** A 1×1 PNG (a real, decodable file). */
const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
/** A 1×1 GIF. */
const GIF_1X1 = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";
/** A 1×1 JPEG. */
const JPEG_1X1 =
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";

const Samples = { "image/png": PNG_1X1, "image/gif": GIF_1X1, "image/jpeg": JPEG_1X1 } as const;

/**
 * A small real image for tests. `variant` > 0 appends that many bytes after the image's end (decoders
 * ignore them), so tests get distinct contents — distinct sha256 — of the same type.
 */
export function sampleImage(mimeType: keyof typeof Samples = "image/png", variant = 0): Uint8Array {
  const base = Buffer.from(Samples[mimeType], "base64");
  if (variant <= 0) return new Uint8Array(base);
  const tail = Buffer.alloc(variant, variant % 256);
  return new Uint8Array(Buffer.concat([base, tail]));
}
