import { firstHeader, type IncomingHeaders } from "../domain/public-url.js";

/**
 * Browsers always send `Origin` on WebSocket upgrades; other clients (CLI, apps) don't. A browser
 * may connect from the gateway's own address (same host as `Host` / `X-Forwarded-Host`) or from an
 * origin listed in `gateway.controlUi.allowedOrigins` (`*` allows any). Returns the reason for a refusal.
 */
export function originRefusal(
  headers: IncomingHeaders,
  allowedOrigins: readonly string[],
): string | undefined {
  const origin = firstHeader(headers, "origin");
  if (origin === undefined) return undefined;
  if (allowedOrigins.includes("*") || allowedOrigins.includes(origin)) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `origin ${JSON.stringify(origin)} is not allowed`;
  }
  const requestHosts = [firstHeader(headers, "x-forwarded-host"), firstHeader(headers, "host")]
    .filter(Boolean)
    .map((h) => h!.toLowerCase());
  if (requestHosts.includes(originHost)) return undefined;
  return `origin ${origin} is not allowed: open the Control UI from the gateway's own address, or add the origin to gateway.controlUi.allowedOrigins`;
}
