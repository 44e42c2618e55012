/** Kinds of media a platform message can carry, as the agent's placeholder names them. */
export const MediaKinds = ["image", "video", "audio", "document", "sticker", "file"] as const;

/** One kind of media. */
export type MediaKind = (typeof MediaKinds)[number];

/** The kind a declared MIME type names: `image/*`, `video/*`, `audio/*`, else a file. */
export function mediaKindOf(mimeType: string | null | undefined): MediaKind {
  const type = mimeType ?? "";
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("video/")) return "video";
  if (type.startsWith("audio/")) return "audio";
  return "file";
}

/** The bytes of a media item, or why they could not be had (`could not be fetched: 404`). */
export type FetchedMedia = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** What a media fetch may use: a byte cap (more is refused, never buffered) and a deadline. */
export interface MediaFetchLimits {
  maxBytes: number;
  signal: AbortSignal;
}

/**
 * One media item of an inbound message, as its adapter describes it: what the platform says it is
 * (kind, type, size, name) and how to download its bytes. Nothing is downloaded until the message
 * is accepted, so a sender who only gets a pairing code costs no download and no storage.
 */
export interface InboundMedia {
  kind: MediaKind;
  /** The MIME type the platform declares (may be wrong: bytes are sniffed before use). */
  mimeType?: string | undefined;
  fileName?: string | undefined;
  /** The size in bytes the platform declares, when it does. */
  size?: number | undefined;
  /** Downloads the bytes within `limits`; resolves with a reason instead of throwing. */
  fetch(limits: MediaFetchLimits): Promise<FetchedMedia>;
}

/** `2.4 MB` (`310 KB` below a megabyte): a byte count in binary megabytes, as the gateway's image refusals show it. */
export function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}

/**
 * The placeholder the agent sees instead of media it does not get as an image: kind, type, name
 * and size, and the reason when there is one — `<media:image image/png photo.png, 9.1 MB: over the
 * 6 MB image limit>`, `<media:video video/mp4, 3 MB>`.
 */
export function mediaPlaceholder(media: Omit<InboundMedia, "fetch">, reason?: string): string {
  const name = media.fileName
    ? [...media.fileName]
        .map((c) => (c < " " || c === "<" || c === ">" ? " " : c))
        .join("")
        .slice(0, 120)
    : undefined;
  const described = [media.kind, media.mimeType, name].filter(Boolean).join(" ");
  const size = media.size ? `, ${formatMegabytes(media.size)}` : "";
  return `<media:${described}${size}${reason ? `: ${reason}` : ""}>`;
}

const MiB = 1024 * 1024;
/** `agents.defaults.mediaMaxMb` when unset (OpenClaw's 20 MB). */
const DEFAULT_MEDIA_MAX_MB = 20;
/** Largest image handed to a model (OpenClaw's 6 MB). */
const MAX_IMAGE_BYTES = 6 * MiB;

/** The largest inbound image passed on as an image: `agents.defaults.mediaMaxMb` (default 20), at most 6 MB — as the gateway's chat.send. */
export function inboundImageLimit(config: {
  agents?: { defaults?: { mediaMaxMb?: number | undefined } | undefined } | undefined;
}): number {
  const configured = config.agents?.defaults?.mediaMaxMb;
  const mb = configured !== undefined && configured > 0 ? configured : DEFAULT_MEDIA_MAX_MB;
  return Math.min(Math.max(1, Math.floor(mb * MiB)), MAX_IMAGE_BYTES);
}
