import type { InboundMedia } from "../../domain/inbound-media.js";
import { errorMessage } from "../../errors.js";
import { MEDIA_DOWNLOAD_TIMEOUT_MS, readCapped, tooLarge } from "../../media/capped-download.js";
import type { WhatsAppMediaRef } from "./whatsapp-normalize.js";
import type { WaMessage, WaSocket } from "./whatsapp-socket.js";

/**
 * The media of a WhatsApp message as inbound media: its bytes come from the socket that is live when
 * the pipeline asks (Baileys downloads and decrypts them from WhatsApp's media servers), read as a
 * stream up to the smaller of the pipeline's cap and the account's `mediaMaxMb`, within a deadline.
 */
export function whatsappInboundMedia(
  ref: WhatsAppMediaRef,
  raw: WaMessage,
  socket: () => WaSocket | undefined,
  accountMaxBytes: number,
): InboundMedia {
  return {
    ...ref,
    fetch: async (limits) => {
      const maxBytes = Math.min(limits.maxBytes, accountMaxBytes);
      if (ref.size !== undefined && ref.size > maxBytes)
        return { ok: false, reason: tooLarge(maxBytes, ref.size) };
      const live = socket();
      if (!live) return { ok: false, reason: "could not be fetched: WhatsApp is not connected" };
      const deadline = AbortSignal.timeout(MEDIA_DOWNLOAD_TIMEOUT_MS);
      const signal = AbortSignal.any([limits.signal, deadline]);
      try {
        const download = live.downloadMedia(raw, signal);
        // A stream that arrives after the deadline is let go, not left holding a connection.
        download.then(
          (body) => signal.aborted && void body.cancel().catch(() => {}),
          () => {},
        );
        const body = await untilAborted(download, signal);
        // Piped with the signal, so an abort ends a read that is waiting for bytes.
        const piped = body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal });
        return await readCapped(piped, maxBytes);
      } catch (error) {
        if (deadline.aborted)
          return {
            ok: false,
            reason: `could not be fetched: no answer within ${MEDIA_DOWNLOAD_TIMEOUT_MS / 1000} s`,
          };
        return { ok: false, reason: `could not be fetched: ${failure(error)}` };
      }
    },
  };
}

/** `promise`, or a rejection as soon as `signal` aborts (Baileys' request itself takes no signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Why a download failed, for the placeholder: the HTTP status of a failed media request (Baileys'
 * message names the media URL, which is not for the agent), else the error's message.
 */
function failure(error: unknown): string {
  const status = (error as { output?: { statusCode?: unknown } } | null)?.output?.statusCode;
  const message = errorMessage(error);
  if (typeof status === "number" && /failed to fetch/i.test(message)) return String(status);
  return message.replace(/\s*(?:from )?https?:\/\/\S+/g, "");
}
