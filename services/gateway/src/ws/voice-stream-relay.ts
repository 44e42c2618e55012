import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  BusError,
  BusErrorCode,
  VOICE_STREAM_MAX_FRAME_BYTES,
  VoiceStreamIn,
  VoiceStreamOpen,
  VoiceStreamOut,
  type Bus,
  type VoiceStreamMessage,
} from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import { WebSocketServer, type WebSocket } from "ws";

/** Most relayed Media Streams one gateway carries at once (each voice instance has its own cap too). */
const MAX_RELAYED_STREAMS = 256;

/** The gateway's side of Media Streams: Twilio's WebSocket on the public URL, carried to a voice instance over the bus. */
export interface VoiceStreamRelay {
  /** Whether an upgrade request is for the media stream path (and so never reaches the protocol server). */
  handles(request: IncomingMessage): boolean;
  /** Opens a relay with one voice instance, then accepts the WebSocket; refused with 404/503 when none serves it. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open relays. */
  readonly open: number;
  /** Closes every relayed socket (Twilio then follows the TwiML after `<Connect>`: the Gather loop). */
  close(): void;
}

/** What the relay reads from the gateway. */
export interface VoiceStreamRelayDeps {
  bus: Bus;
  /** The configured `streaming.streamPath` of the voice-call plugin. */
  streamPath: () => string;
  log: Logger;
}

function refuse(socket: Duplex, status: number, text: string): void {
  void socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * Relays Media Streams WebSockets to the voice service: `voice.stream.open` picks one voice instance,
 * then frames travel on `voice.stream.in/out.v1.<relay>`; frames over 64 KiB close the socket, closes
 * travel both ways, and a voice instance silent for three heartbeats closes the caller's socket.
 * No gateway auth here: the voice side checks the stream's own HMAC token in the `start` frame.
 */
export function createVoiceStreamRelay(deps: VoiceStreamRelayDeps): VoiceStreamRelay {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: VOICE_STREAM_MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  const open = new Set<{ close(): void }>();

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    if (open.size >= MAX_RELAYED_STREAMS) return refuse(socket, 503, "Service Unavailable");
    const relay = randomBytes(16).toString("base64url");
    let ws: WebSocket | undefined;
    let over = false;
    let heardAt = Date.now();
    const early: VoiceStreamMessage[] = [];
    const entry = { close: () => finish(1001, "gateway stopping", true) };
    open.add(entry);
    const publish = (message: VoiceStreamMessage) => {
      try {
        deps.bus.publish(VoiceStreamIn, { relay }, message);
      } catch (error) {
        deps.log.info(`could not relay a media stream message: ${errorMessage(error)}`);
      }
    };
    const deliver = (message: VoiceStreamMessage) => {
      if (message.kind === "frame") ws?.send(message.text);
      else if (message.kind === "close") finish(message.code, message.reason, false);
    };
    // Subscribed before the open request, so nothing the voice side sends can be missed.
    const subscription = deps.bus.subscribe(VoiceStreamOut, { relay }, (message) => {
      heardAt = Date.now();
      if (over) return;
      if (!ws) early.push(message);
      else deliver(message);
    });
    let heartbeat: NodeJS.Timeout | undefined;
    function finish(code: number, reason: string, tellVoice: boolean): void {
      if (over) return;
      over = true;
      open.delete(entry);
      clearInterval(heartbeat);
      subscription.unsubscribe();
      if (tellVoice)
        publish({ kind: "close", code: closeCode(code), reason: reason.slice(0, 120) });
      if (!ws) return void socket.destroy();
      try {
        ws.close(closeCode(code), reason.slice(0, 120));
      } catch {
        ws.terminate();
      }
    }

    let heartbeatMs: number;
    try {
      ({ heartbeatMs } = await deps.bus.request(
        VoiceStreamOpen,
        {},
        { relayId: relay, url: request.url ?? "/" },
      ));
    } catch (error) {
      over = true;
      open.delete(entry);
      subscription.unsubscribe();
      const notFound = error instanceof BusError && error.code === BusErrorCode.NotFound;
      deps.log.info(`media stream not relayed: ${errorMessage(error)}`);
      return notFound
        ? refuse(socket, 404, "Not Found")
        : refuse(socket, 503, "Service Unavailable");
    }
    if (over) return;
    wss.handleUpgrade(request, socket, head, (accepted) => {
      ws = accepted;
      if (over) return void accepted.terminate();
      accepted.on("message", (data, isBinary) =>
        publish(isBinary ? { kind: "binary" } : { kind: "frame", text: String(data) }),
      );
      accepted.on("error", (error) =>
        deps.log.info(`relayed media stream socket error: ${error.message}`),
      );
      accepted.on("close", (code, reason) => finish(code, String(reason), true));
      for (const message of early.splice(0)) deliver(message);
      heartbeat = setInterval(() => {
        if (Date.now() - heardAt > 3 * heartbeatMs) {
          deps.log.warn(
            "relayed media stream: its voice instance went silent; closing the caller's socket",
          );
          return finish(1011, "voice instance lost", true);
        }
        publish({ kind: "ping" });
      }, heartbeatMs);
      heartbeat.unref();
    });
  }

  return {
    handles: (request) => (request.url ?? "/").split("?")[0] === deps.streamPath(),
    upgrade: (request, socket, head) =>
      void upgrade(request, socket, head).catch((error: unknown) => {
        deps.log.warn(`media stream relay failed: ${errorMessage(error)}`);
        socket.destroy();
      }),
    get open() {
      return open.size;
    },
    close() {
      for (const entry of [...open]) entry.close();
      wss.close();
    },
  };
}

/** A close code that may be sent in a close frame (1005/1006/1015 are reserved for reporting). */
function closeCode(code: number): number {
  return code === 1005 || code === 1006 || code === 1015 || code < 1000 || code > 4999
    ? 1000
    : code;
}
