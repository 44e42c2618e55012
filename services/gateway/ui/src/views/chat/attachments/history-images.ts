/**
 * An image of a chat bubble: `url` for one the browser already holds (just sent from this
 * composer), `artifactId` for one of the history (fetched with `artifacts.download`).
 */
export interface ChatImage {
  url?: string;
  artifactId?: string;
  mimeType?: string;
  /** The file name, or "image": the thumbnail's alt text. */
  alt: string;
}

/** One content block of a `chat.history` message, as far as the chat reads it. */
export interface HistoryBlock {
  type?: unknown;
  text?: unknown;
  artifactId?: unknown;
  mimeType?: unknown;
  alt?: unknown;
}

/**
 * The image blocks of a history message's `content` (`{type: "image", artifactId, mimeType, alt}`);
 * blocks without an artifact id (inline data the gateway never sends) or of other types are skipped.
 */
export function historyImages(content: unknown): ChatImage[] {
  if (!Array.isArray(content)) return [];
  const images: ChatImage[] = [];
  for (const block of content as HistoryBlock[]) {
    if (!block || typeof block !== "object" || block.type !== "image") continue;
    if (typeof block.artifactId !== "string" || block.artifactId === "") continue;
    images.push({
      artifactId: block.artifactId,
      ...(typeof block.mimeType === "string" ? { mimeType: block.mimeType } : {}),
      alt: typeof block.alt === "string" && block.alt.trim() ? block.alt : "image",
    });
  }
  return images;
}
