import { errorMessage } from "@clawfleet/core";
import { mediaKindOf, type InboundMedia } from "../../domain/inbound-media.js";
import { tooLarge } from "../../media/capped-download.js";
import { ResponseTooLargeError } from "./signal-http.js";
import type { SignalAttachment } from "./signal-normalize.js";
import type { SignalRpc } from "./signal-rpc.js";

/** Room for the JSON around `getAttachment`'s base64 answer. */
const ENVELOPE_BYTES = 4096;

/**
 * A Signal attachment as inbound media. signal-cli has already downloaded and decrypted it into its
 * data directory; its JSON-RPC `getAttachment` (`{id}`) answers `{data: <base64>}`. The answer is
 * read only up to what `maxBytes` of base64 can be, so an oversized file is never held in memory.
 */
export function signalInboundMedia(attachment: SignalAttachment, rpc: SignalRpc): InboundMedia {
  const id = attachment.id;
  return {
    kind: mediaKindOf(attachment.contentType),
    mimeType: attachment.contentType ?? undefined,
    fileName: attachment.filename ?? undefined,
    size: attachment.size ?? undefined,
    fetch: async ({ maxBytes, signal }) => {
      if (!id) return { ok: false, reason: "could not be fetched: signal-cli did not download it" };
      let data: unknown;
      try {
        const result = await rpc.call<{ data?: unknown }>(
          "getAttachment",
          { id },
          {
            signal,
            timeoutMs: 30_000,
            maxResponseBytes: Math.ceil(maxBytes / 3) * 4 + ENVELOPE_BYTES,
          },
        );
        data = result?.data;
      } catch (error) {
        const cause = (error as { cause?: unknown }).cause;
        if (cause instanceof ResponseTooLargeError)
          return { ok: false, reason: tooLarge(maxBytes) };
        return { ok: false, reason: `could not be fetched: ${errorMessage(error)}` };
      }
      if (typeof data !== "string" || data === "")
        return { ok: false, reason: "could not be fetched: signal-cli answered no data" };
      const bytes = Buffer.from(data, "base64");
      if (bytes.byteLength > maxBytes)
        return { ok: false, reason: tooLarge(maxBytes, bytes.byteLength) };
      return { ok: true, bytes };
    },
  };
}

/** A Signal sticker as inbound media: named in a placeholder only (signal-cli reports the pack and number, not the image). */
export function signalStickerMedia(): InboundMedia {
  return {
    kind: "sticker",
    fetch: async () => ({ ok: false, reason: "signal-cli does not hand out sticker images" }),
  };
}
