import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "@clawfleet/log";
import type { WebSocketServer } from "ws";
import { MAX_MESSAGE_BYTES } from "./media-messages.js";
import { StreamSession, type StreamSessionDeps, type StreamSocket } from "./stream-session.js";

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

/** A Media Streams socket as the server sees it: a direct WebSocket or one relayed by the gateway. */
export type StreamPeer = StreamSocket;

/** What a peer reports to the session it was given. */
export interface StreamInbound {
  /** A frame arrived: its text, or `null` for a binary frame. */
  message(text: string | null): void;
  /** The peer's socket closed. */
  closed(): void;
}

/** Why a stream is refused: an HTTP status and its text. */
export interface StreamRefusal {
  status: number;
  text: string;
}

/** The WebSocket endpoint of Twilio Media Streams on the voice listener. */
export interface StreamServer {
  /** Takes an HTTP upgrade on the listener. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Checks the path (with query) and the number of open streams; the refusal, or undefined when a stream may open. */
  admit(url: string): StreamRefusal | undefined;
  /** Runs a session on an admitted socket-like peer (direct or relayed); counts among the open streams. */
  attach(peer: StreamPeer): StreamInbound;
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

  const admit = (url: string): StreamRefusal | undefined => {
    const limits = options.current();
    const pathname = url.split("?")[0];
    if (!limits.enabled || pathname !== limits.path) return { status: 404, text: "Not Found" };
    if (sessions.size >= limits.maxConnections) {
      options.log.warn("refused a media stream: too many open streams", {
        max: limits.maxConnections,
      });
      return { status: 503, text: "Service Unavailable" };
    }
    return undefined;
  };

  const attach = (peer: StreamPeer): StreamInbound => {
    const session = new StreamSession(peer, options.session);
    const entry = { close: () => peer.close(1001, "voice instance stopping") };
    sessions.add(entry);
    const timer = setTimeout(() => {
      if (!session.started) peer.close(1008, "no start frame");
    }, options.current().preStartTimeoutMs);
    let over = false;
    return {
      message: (text) => {
        if (over) return;
        if (text === null) return session.receive("binary frame");
        if (text.length > MAX_MESSAGE_BYTES) return peer.close(1009, "frame too large");
        session.receive(text);
      },
      closed: () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        sessions.delete(entry);
        session.closed();
      },
    };
  };

  return {
    get connections() {
      return sessions.size;
    },
    admit,
    attach,
    upgrade(req, socket, head) {
      const refusal = admit(req.url ?? "/");
      if (refusal) return refuse(socket, refusal.status, refusal.text);
      // Counted while the handshake runs, so a burst of upgrades cannot pass the limit.
      const pending = { close: () => void socket.destroy() };
      sessions.add(pending);
      socket.once("close", () => sessions.delete(pending));
      void server().then((wsServer) =>
        wsServer.handleUpgrade(req, socket, head, (ws) => {
          sessions.delete(pending);
          const inbound = attach({
            send: (text) => {
              if (ws.readyState === ws.OPEN) ws.send(text);
            },
            close: (code, reason) => ws.close(code, reason),
          });
          ws.on("message", (data, isBinary) => inbound.message(isBinary ? null : String(data)));
          ws.on("error", (error) =>
            options.log.info(`media stream socket error: ${error.message}`),
          );
          ws.on("close", () => inbound.closed());
        }),
      );
    },
    close() {
      for (const entry of [...sessions]) entry.close();
    },
  };
}
