/** The image types a chat message can carry (as the gateway accepts them). */
export const IMAGE_MIME_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** One of {@link IMAGE_MIME_TYPES}. */
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

/** The most images one message carries (the gateway refuses more). */
export const MAX_IMAGES_PER_MESSAGE = 8;

/** An image picked, pasted or dropped into the composer, read and checked, waiting to be sent. */
export interface StagedImage {
  /** Stable id of this staging (for remove controls and keys). */
  id: string;
  fileName: string;
  mimeType: ImageMimeType;
  /** Decoded size in bytes. */
  size: number;
  /** The bytes as base64 (what `chat.send` carries). */
  content: string;
  /** Why it cannot be sent (too big for `maxImageBytes`), shown next to its thumbnail. */
  refusal?: string;
  /** An object URL of the file for its thumbnail (set by the composer, revoked on removal). */
  previewUrl?: string;
}

/** An attachment as `chat.send` takes it (OpenClaw's shape). */
export interface ChatSendAttachment {
  type: "image";
  mimeType: ImageMimeType;
  fileName: string;
  content: string;
}

/** Sizes as people read them: "9.1 MB", "6 MB", "512 KB", "73 bytes" (binary units, as the gateway words its limit). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return `${String(mb)} MB`;
}

/** Whether `type` is an image type a message can carry. */
export function isImageMimeType(type: string): type is ImageMimeType {
  return (IMAGE_MIME_TYPES as readonly string[]).includes(type);
}

/**
 * Why a file of `type` cannot be attached at all (not an image, or an image type the models do not
 * take), or undefined when it can; the reason names the file, as the gateway's refusals do.
 */
export function typeRefusal(fileName: string, type: string): string | undefined {
  if (isImageMimeType(type)) return undefined;
  if (type.startsWith("image/"))
    return `${fileName}: only PNG, JPEG, GIF and WebP images can be attached`;
  return `${fileName}: not supported: only images can be attached`;
}

/** Why an image of `size` bytes cannot be sent under `maxImageBytes` (undefined: it can, or no limit is known). */
export function sizeRefusal(
  fileName: string,
  size: number,
  maxImageBytes: number | undefined,
): string | undefined {
  if (maxImageBytes === undefined || size <= maxImageBytes) return undefined;
  return `${fileName} is ${formatSize(size)}; images are limited to ${formatSize(maxImageBytes)}`;
}

/** Base64 of `bytes`, in chunks so a 6 MB image does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** The bytes of base64 `data`. */
export function base64ToBytes(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Reads an image file into a {@link StagedImage}, with its refusal when it is larger than
 * `maxImageBytes`; the file's type must already have passed {@link typeRefusal}.
 */
export async function stageImage(
  file: Blob & { name?: string },
  maxImageBytes: number | undefined,
): Promise<StagedImage> {
  const fileName = file.name || `pasted-image.${file.type.split("/")[1] ?? "png"}`;
  if (!isImageMimeType(file.type)) throw new Error(typeRefusal(fileName, file.type));
  const refusal = sizeRefusal(fileName, file.size, maxImageBytes);
  // An image that will not be sent is not read: a 200 MB photo costs nothing but its thumbnail.
  const content = refusal ? "" : bytesToBase64(new Uint8Array(await file.arrayBuffer()));
  return {
    id: crypto.randomUUID(),
    fileName,
    mimeType: file.type,
    size: file.size,
    content,
    ...(refusal ? { refusal } : {}),
  };
}

/** What `chat.send` carries for staged images. */
export function toAttachments(images: readonly StagedImage[]): ChatSendAttachment[] {
  return images.map((image) => ({
    type: "image",
    mimeType: image.mimeType,
    fileName: image.fileName,
    content: image.content,
  }));
}

/**
 * Why a message with `images` and `text` would not fit one gateway frame of `maxPayload` bytes
 * (base64 makes images a third larger), or undefined when it fits or the limit is unknown.
 */
export function payloadRefusal(
  images: readonly StagedImage[],
  text: string,
  maxPayload: number | undefined,
): string | undefined {
  if (maxPayload === undefined) return undefined;
  // Room for the frame's JSON, ids and file names besides the base64 itself.
  const total = images.reduce((sum, image) => sum + image.content.length, 0) + text.length * 3;
  if (total + 16 * 1024 <= maxPayload) return undefined;
  return `these images add up to ${formatSize(total)} once encoded; one message carries at most ${formatSize(maxPayload)}: send some of them in another message`;
}
