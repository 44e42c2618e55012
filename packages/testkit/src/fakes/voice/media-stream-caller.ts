import WebSocket from "ws";
import { RecordLog } from "../shared/record-log.js";
import { MULAW_FRAME_BYTES } from "./g711-audio.js";

/** A message the service sent on the stream, with when it arrived. */
export interface StreamMessageRecord {
  event: string;
  at: number;
  /** Decoded audio of a `media` message. */
  audio?: Buffer;
  mark?: string;
}

/** How the caller's `start` frame introduces the call. */
export interface MediaStreamStart {
  callSid: string;
  accountSid?: string;
  /** The `<Parameter>`s of the TwiML's `<Stream>`. */
  customParameters: Record<string, string>;
  streamSid?: string;
}

/**
 * Twilio's side of a Media Stream for tests: connects to the `<Stream url>`, sends `connected` and
 * `start`, plays μ-law audio as 20 ms `media` frames in real time, and records what the service
 * sends back (`media`, `mark`, `clear`).
 */
export class MediaStreamCaller {
  readonly received = new RecordLog<StreamMessageRecord>("stream messages");
  readonly streamSid: string;
  /** Resolves with the close code and reason once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** When the last non-silent frame of {@link play} was sent (end of the caller's speech). */
  lastSpeechSentAt = 0;
  #sequence = 0;

  private constructor(
    private readonly socket: WebSocket,
    streamSid: string,
  ) {
    this.streamSid = streamSid;
    this.closed = new Promise((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as {
        event: string;
        media?: { payload: string };
        mark?: { name: string };
      };
      this.received.push({
        event: message.event,
        at: Date.now(),
        audio: message.media ? Buffer.from(message.media.payload, "base64") : undefined,
        mark: message.mark?.name,
      });
    });
  }

  /** Opens the stream and sends `connected` and `start`. */
  static async connect(url: string, start: MediaStreamStart): Promise<MediaStreamCaller> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
      socket.once("unexpected-response", (_req, res) =>
        reject(new Error(`stream refused: HTTP ${res.statusCode}`)),
      );
    });
    const streamSid = start.streamSid ?? `MZ${Math.random().toString(16).slice(2).padEnd(32, "0")}`;
    const caller = new MediaStreamCaller(socket, streamSid);
    caller.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    caller.send({
      event: "start",
      sequenceNumber: String(++caller.#sequence),
      streamSid,
      start: {
        streamSid,
        accountSid: start.accountSid ?? "AC0",
        callSid: start.callSid,
        tracks: ["inbound"],
        customParameters: start.customParameters,
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
      },
    });
    return caller;
  }

  /** Sends one message as JSON. */
  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends a raw text frame (for malformed-input tests). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Plays μ-law audio as 20 ms `media` frames, one every 20 ms. */
  async play(mulaw: Buffer, silentBelow = 0xfe): Promise<void> {
    const started = Date.now();
    for (let offset = 0, n = 0; offset < mulaw.length; offset += MULAW_FRAME_BYTES, n++) {
      if (this.socket.readyState !== WebSocket.OPEN) return;
      const frame = mulaw.subarray(offset, offset + MULAW_FRAME_BYTES);
      this.send({
        event: "media",
        sequenceNumber: String(++this.#sequence),
        streamSid: this.streamSid,
        media: {
          track: "inbound",
          chunk: String(n + 1),
          timestamp: String(n * 20),
          payload: frame.toString("base64"),
        },
      });
      if (frame.some((byte) => byte < silentBelow)) this.lastSpeechSentAt = Date.now();
      const wait = started + (n + 1) * 20 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** `media` frames received so far. */
  mediaFrames(): StreamMessageRecord[] {
    return this.received.filter((m) => m.event === "media");
  }

  /** Closes the socket without a `stop` message, as when the network drops. */
  async hangUp(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1001, "going away");
    await this.closed;
  }

  /** Sends `stop` and closes the socket. */
  async stop(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.send({ event: "stop", streamSid: this.streamSid, stop: {} });
      this.socket.close(1000);
    }
    await this.closed;
  }
}
