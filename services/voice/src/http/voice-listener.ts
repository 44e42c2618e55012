import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { ForwardedHttpRequest, ForwardedHttpResponse } from "@clawfleet/bus";
import { newTraceId, withTrace, type Logger } from "@clawfleet/log";

/** How long in-flight webhooks may take to answer once the listener closes. */
const CLOSE_GRACE_MS = 2000;

/** Largest webhook body accepted (Twilio's are a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Takes an HTTP upgrade (a Media Streams WebSocket). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Where and what the listener serves. */
export interface VoiceListenerOptions {
  port: number;
  bind: string;
  /** Requests to this path (and below it) are webhooks; others get 404. */
  path: string;
  handle: (request: ForwardedHttpRequest) => Promise<ForwardedHttpResponse>;
  /** WebSocket upgrades; without it they are refused. */
  upgrade?: UpgradeHandler;
  log: Logger;
}

/** A running listener. */
export interface VoiceListener {
  /** The local webhook URL, e.g. `http://127.0.0.1:3334/voice/webhook`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim() || undefined;
}

/** The URL the caller used: scheme and host from X-Forwarded-Proto/Host (a tunnel, a proxy), else Host. */
export function requestPublicUrl(req: IncomingMessage, fallbackHost: string): string {
  const proto = firstHeader(req.headers["x-forwarded-proto"]) ?? "http";
  const host = firstHeader(req.headers["x-forwarded-host"]) ?? req.headers.host ?? fallbackHost;
  return `${proto}://${host}${req.url ?? "/"}`;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function onPath(url: string | undefined, path: string): boolean {
  const pathname = (url ?? "/").split("?")[0] ?? "/";
  const base = path.replace(/\/+$/, "");
  return pathname === path || pathname === base || pathname.startsWith(`${base}/`);
}

/**
 * The voice service's own HTTP port for Twilio's webhooks (the private deployment's ngrok tunnel
 * forwards here). Each request becomes the same forwarded-request shape the gateway's `/voice/*`
 * route sends over the bus, so both paths share one handler.
 */
export async function startVoiceListener(options: VoiceListenerOptions): Promise<VoiceListener> {
  const server: Server = createServer((req, res) => {
    void withTrace(newTraceId(), async () => {
      if (!onPath(req.url, options.path)) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        res
          .writeHead(413, { "content-type": "text/plain", connection: "close" })
          .end("body too large");
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]],
        ),
      );
      const local = server.address() as AddressInfo;
      const answer = await options.handle({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        publicUrl: requestPublicUrl(req, `${options.bind}:${local.port}`),
        headers,
        body,
        remoteAddress: req.socket.remoteAddress,
        receivedAt: Date.now(),
      });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    }).catch((error: unknown) => {
      options.log.error("voice listener could not answer a request", { error });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    if (options.upgrade) options.upgrade(req, socket, head);
    else socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.bind, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host =
    options.bind === "0.0.0.0" || options.bind === "::"
      ? "127.0.0.1"
      : options.bind.includes(":")
        ? `[${options.bind}]`
        : options.bind;
  return {
    url: `http://${host}:${port}${options.path}`,
    port,
    // Webhooks in flight (a call waiting for the agent) get a moment to answer; then sockets are cut.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}
