import { errorMessage } from "@clawfleet/core";
import {
  formatMegabytes,
  type FetchedMedia,
  type MediaFetchLimits,
} from "../domain/inbound-media.js";

/** How long one media download may take, from request to last byte. */
export const MEDIA_DOWNLOAD_TIMEOUT_MS = 30_000;

/** Options of {@link downloadCapped}. */
export interface CappedDownloadOptions extends MediaFetchLimits {
  /** Request headers (a bearer token for Slack); never logged. */
  headers?: Record<string, string>;
  /** Deadline for the whole download; {@link MEDIA_DOWNLOAD_TIMEOUT_MS} by default. */
  timeoutMs?: number;
}

/**
 * Downloads `url` into memory, reading the body as a stream and stopping at `maxBytes` (a larger
 * declared `content-length` is refused before reading), within a deadline. Failures resolve with a
 * short reason for the agent's placeholder (`could not be fetched: 404`), never throw.
 */
export async function downloadCapped(
  url: string,
  options: CappedDownloadOptions,
): Promise<FetchedMedia> {
  const timeoutMs = options.timeoutMs ?? MEDIA_DOWNLOAD_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  try {
    const response = await fetch(url, { headers: options.headers ?? {}, signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, reason: `could not be fetched: ${response.status}` };
    }
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, reason: tooLarge(options.maxBytes, declared) };
    }
    if (!response.body) return { ok: false, reason: "could not be fetched: empty response" };
    return await readCapped(response.body, options.maxBytes);
  } catch (error) {
    if (deadline.aborted)
      return {
        ok: false,
        reason: `could not be fetched: no answer within ${Math.round(timeoutMs / 1000)} s`,
      };
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    const detail = typeof code === "string" ? ` (${code})` : "";
    return { ok: false, reason: `could not be fetched: ${errorMessage(error)}${detail}` };
  }
}

/** Reads a byte stream up to `maxBytes`; one byte more cancels it and answers "too large". */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<FetchedMedia> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: tooLarge(maxBytes) };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (total === 0) return { ok: false, reason: "could not be fetched: empty file" };
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}

/** The placeholder reason for media over `maxBytes` (`larger than the 6 MB limit`, or with its size when known). */
export function tooLarge(maxBytes: number, size?: number): string {
  return size === undefined
    ? `larger than the ${formatMegabytes(maxBytes)} limit`
    : `${formatMegabytes(size)}, over the ${formatMegabytes(maxBytes)} limit`;
}
