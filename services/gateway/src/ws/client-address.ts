import { isIP } from "node:net";
import { firstHeader, type IncomingHeaders } from "../domain/public-url.js";

const PRIVATE =
  /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|f[cd][0-9a-f]{2}:|fe80:|::ffff:(127|10|192\.168)\.)/i;

/**
 * The client's address for rate limiting: behind a proxy on a private address (Fly's proxy) the
 * first `Fly-Client-IP` / `X-Forwarded-For` entry, otherwise the socket's peer.
 */
export function clientAddress(headers: IncomingHeaders, remoteAddress: string | undefined): string {
  const peer = remoteAddress ?? "unknown";
  if (!PRIVATE.test(peer)) return peer;
  const forwarded =
    firstHeader(headers, "fly-client-ip") ?? firstHeader(headers, "x-forwarded-for");
  return forwarded && isIP(forwarded) ? forwarded : peer;
}
