import type { InboundMedia } from "../../domain/inbound-media.js";
import { downloadCapped } from "../../media/capped-download.js";
import type { DiscordMediaRef } from "./discord-normalize.js";

/** Hosts Discord serves attachments from. */
const CDN_HOSTS = new Set(["cdn.discordapp.com", "media.discordapp.net"]);

/**
 * Whether an attachment URL may be fetched: https on Discord's CDN, or the origin of the configured
 * REST base (a self-hosted or test Discord). Anything else — an event naming an internal address —
 * is refused, so an attachment cannot make the service fetch arbitrary URLs.
 */
export function isDiscordCdnUrl(url: string, apiBase: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "https:" && CDN_HOSTS.has(parsed.hostname)) return true;
  return apiBase !== undefined && parsed.origin === new URL(apiBase).origin;
}

/** A Discord attachment as inbound media: the bytes come from its (signed) CDN `url`. */
export function discordInboundMedia(
  ref: DiscordMediaRef,
  apiBase: string | undefined,
): InboundMedia {
  return {
    kind: ref.kind,
    mimeType: ref.mimeType,
    fileName: ref.fileName,
    size: ref.size,
    fetch: async (limits) =>
      isDiscordCdnUrl(ref.url, apiBase)
        ? downloadCapped(ref.url, limits)
        : { ok: false, reason: "could not be fetched: not a Discord CDN URL" },
  };
}
