import type { GatewayClient } from "../../../gateway/gateway-client.js";
import { GatewayRequestError } from "../../../gateway/gateway-client.js";
import { base64ToBytes } from "./image-files.js";
import { errorMessage } from "@clawfleet/core/errors";

/** An image of the history as the chat shows it: an object URL, or why there is none. */
export type ArtifactImage =
  | { kind: "ready"; url: string; bytes: number }
  | { kind: "gone" }
  | { kind: "failed"; message: string };

/** `artifacts.download`'s answer, as far as the chat reads it. */
interface ArtifactDownload {
  artifact?: { mimeType?: string };
  encoding?: string;
  data?: string;
}

// Downloaded images kept in memory, newest last; bounded so a long history cannot hold the tab's memory.
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Promise<ArtifactImage>>();
const ready = new Map<string, { url: string; bytes: number }>();
let cachedBytes = 0;

/**
 * The image `artifactId` of `sessionKey`, downloaded once with `artifacts.download` and kept in
 * memory per artifact id (ids are content addresses, so one copy serves every session);
 * `gone` when the gateway no longer stores it; a failure (e.g. disconnected) is not kept, so the
 * next showing tries again.
 */
export function artifactImage(
  client: GatewayClient,
  sessionKey: string,
  artifactId: string,
): Promise<ArtifactImage> {
  const cached = cache.get(artifactId);
  if (cached) {
    // Used again: it moves to the newest end, last to be dropped.
    cache.delete(artifactId);
    cache.set(artifactId, cached);
    const image = ready.get(artifactId);
    if (image) {
      ready.delete(artifactId);
      ready.set(artifactId, image);
    }
    return cached;
  }
  const loading = download(client, sessionKey, artifactId).then((image) => {
    if (image.kind === "failed") cache.delete(artifactId);
    else if (image.kind === "ready" && cache.get(artifactId) === loading) {
      ready.set(artifactId, image);
      cachedBytes += image.bytes;
      evict(artifactId);
    }
    return image;
  });
  cache.set(artifactId, loading);
  return loading;
}

async function download(
  client: GatewayClient,
  sessionKey: string,
  artifactId: string,
): Promise<ArtifactImage> {
  try {
    const answer = await client.request<ArtifactDownload>("artifacts.download", {
      sessionKey,
      artifactId,
    });
    if (answer.encoding !== "base64" || typeof answer.data !== "string")
      return { kind: "failed", message: "the gateway sent no image data" };
    const bytes = base64ToBytes(answer.data);
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], {
      type: answer.artifact?.mimeType ?? "application/octet-stream",
    });
    return { kind: "ready", url: URL.createObjectURL(blob), bytes: bytes.length };
  } catch (error) {
    if (isGone(error)) return { kind: "gone" };
    return { kind: "failed", message: errorMessage(error) };
  }
}

/** Whether the gateway said the image is no longer stored (expired or never stored). */
function isGone(error: unknown): boolean {
  return (
    error instanceof GatewayRequestError &&
    (error.code === "NOT_FOUND" || /no longer stored/i.test(error.message))
  );
}

/** Drops the oldest ready images (revoking their URLs) until the cache is under its bound. */
function evict(keep: string): void {
  for (const [id, image] of ready) {
    if (cachedBytes <= CACHE_MAX_BYTES) return;
    if (id === keep) continue;
    cache.delete(id);
    ready.delete(id);
    cachedBytes -= image.bytes;
    URL.revokeObjectURL(image.url);
  }
}
