import type { IncomingMessage, ServerResponse } from "node:http";
import { DASHBOARD_CODE_PREFIX } from "../dashboard/dashboard-codes.js";

/**
 * Exchanges a one-time `clawfleet dashboard` code (`?token=cfo1_…` on the Control UI page) for a
 * browser credential: a redirect to the same page with `?token=<credential>`, which the UI stores
 * and removes from the address bar. A used or expired code gets a page saying how to get a new one.
 * Returns false when the request carries no such code.
 */
export function redeemDashboardLink(
  req: IncomingMessage,
  res: ServerResponse,
  exchange: (code: string) => string | undefined,
): boolean {
  if (req.method !== "GET") return false;
  const url = new URL(req.url ?? "/", "http://gateway.invalid");
  const code = url.searchParams.get("token");
  if (!code?.startsWith(DASHBOARD_CODE_PREFIX)) return false;
  const credential = exchange(code);
  const headers = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
  if (credential) {
    url.searchParams.set("token", credential);
    res.writeHead(302, { ...headers, location: `${url.pathname}${url.search}` });
    res.end();
    return true;
  }
  res.writeHead(410, { ...headers, "content-type": "text/html; charset=utf-8" });
  res.end(
    "<!doctype html><title>clawfleet</title><h1>This dashboard link was already used or has expired</h1>" +
      "<p>A link from <code>clawfleet dashboard</code> opens the Control UI once, within ten minutes. " +
      "Run <code>clawfleet dashboard</code> again for a new one.</p>",
  );
  return true;
}
