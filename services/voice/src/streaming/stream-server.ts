import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "@clawfleet/log";
import type { WebSocketServer } from "ws";
import { MAX_MESSAGE_BYTES } from "./media-messages.js";
import { StreamSession, type StreamSessionDeps } from "./stream-session.js";

/** Limits and routing of the media stream endpoint. */
export interface StreamServerOptions {
  /** Current path, whether streaming is on, and the socket limits (read at each upgrade). */
  current: () => {
    enabled: boolean;
    path: string;
    preStartTimeoutMs: number;
    maxConnections: number;
  };
  session: Omit<StreamSessionDeps, "log"> & { log: Logger };
  log: Logger;
}

/** The WebSocket endpoint of Twilio Media Streams on the voice listener. */
export interface StreamServer {
  /** Takes an HTTP upgrade on the listener. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open sockets (pending and active). */
  readonly connections: number;
  /** Closes every stream (Twilio then follows the TwiML after `<Connect>`: the Gather loop). */
  close(): void;
}

function refuse(socket: Duplex, status: number, text: string): void {
  void socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * Accepts Media Streams WebSockets on the configured path: bounded in number, closed when no valid
 * `start` frame comes in time, one {@link StreamSession} each. `ws` is loaded on the first upgrade.
 */
export function createStreamServer(options: StreamServerOptions): StreamServer {
  let wss: Promise<WebSocketServer> | undefined;
  const sessions = new Set<{ close(): void }>();
  const server = () =>
    (wss ??= import("ws").then(
      ({ WebSocketServer }) =>
        new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES }),
    ));

  return {
    get connections() {
      return sessions.size;
    },
    upgrade(req, socket, head) {
      const limits = options.current();
      const pathname = (req.url ?? "/").split("?")[0];
      if (!limits.enabled || pathname !== limits.path) return refuse(socket, 404, "Not Found");
      if (sessions.size >= limits.maxConnections) {
        options.log.warn("refused a media stream: too many open streams", {
          max: limits.maxConnections,
        });
        return refuse(socket, 503, "Service Unavailable");
      }
      const entry = {
        close: () => {
          socket.destroy();
        },
      };
      sessions.add(entry);
      socket.once("close", () => sessions.delete(entry));
      void server().then((wsServer) =>
        wsServer.handleUpgrade(req, socket, head, (ws) => {
          const session = new StreamSession(
            {
              send: (text) => {
                if (ws.readyState === ws.OPEN) ws.send(text);
              },
              close: (code, reason) => ws.close(code, reason),
            },
            options.session,
          );
          entry.close = () => ws.close(1001, "voice instance stopping");
          const timer = setTimeout(() => {
            if (!session.started) ws.close(1008, "no start frame");
          }, limits.preStartTimeoutMs);
          ws.on("message", (data, isBinary) => {
            if (isBinary) return session.receive("binary frame");
            session.receive(String(data));
          });
          ws.on("error", (error) =>
            options.log.info(`media stream socket error: ${error.message}`),
          );
          ws.on("close", () => {
            clearTimeout(timer);
            sessions.delete(entry);
            session.closed();
          });
        }),
      );
    },
    close() {
      for (const entry of sessions) entry.close();
    },
  };
}
