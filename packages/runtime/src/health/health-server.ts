import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MetricsRegistry } from "../metrics/metrics-registry.js";
import type { Readiness } from "./readiness.js";

/** The health paths every service serves, for Fly `[checks]` and compose healthchecks. */
export const HealthPaths = {
  live: ["/healthz", "/health"],
  ready: ["/readyz", "/ready"],
  metrics: "/metrics",
} as const;

/** Answers a health request if the path is one of {@link HealthPaths}; false otherwise. */
export function answerHealth(
  req: IncomingMessage,
  res: ServerResponse,
  readiness: Readiness,
  metrics: MetricsRegistry,
): boolean {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  if ((HealthPaths.live as readonly string[]).includes(path)) {
    sendJson(res, 200, { ok: true, status: "live" }, req.method === "HEAD");
    return true;
  }
  if ((HealthPaths.ready as readonly string[]).includes(path)) {
    const ready = readiness.ready;
    sendJson(
      res,
      ready ? 200 : 503,
      ready ? { ready: true } : { ready: false, failing: readiness.failing() },
      req.method === "HEAD",
    );
    return true;
  }
  if (path === HealthPaths.metrics) {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
    res.end(req.method === "HEAD" ? undefined : metrics.render());
    return true;
  }
  return false;
}

/** `HEALTH_BIND`: where the health server listens. */
export const HealthBind = { Loopback: "loopback", All: "all" } as const;

/**
 * The host the health server binds: `HEALTH_BIND` when set (`loopback`, `all`, or an address), else
 * loopback — `/metrics` has no auth — except on Fly, whose `[checks]` reach the machine over its
 * network, not its loopback.
 */
export function healthHost(bind: string | undefined, onFly: boolean): string {
  const wanted = bind?.trim() || (onFly ? HealthBind.All : HealthBind.Loopback);
  if (wanted === HealthBind.Loopback) return "127.0.0.1";
  if (wanted === HealthBind.All) return "::";
  return wanted;
}

/** Starts the small health/metrics HTTP server on `host` (`::` = every interface, dual-stack); resolves with the bound port. */
export async function startHealthServer(
  port: number,
  readiness: Readiness,
  metrics: MetricsRegistry,
  host = "127.0.0.1",
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (!answerHealth(req, res, readiness, metrics))
      sendJson(res, 404, { error: "not found" }, false);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, ipv6Only: false }, () => resolve());
  });
  server.unref();
  return { server, port: (server.address() as AddressInfo).port };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headOnly: boolean): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(headOnly ? undefined : JSON.stringify(body));
}
