import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { RecordLog } from "../shared/record-log.js";
import { parseBody, readBody } from "../shared/request-body.js";
import { MULAW_FRAME_BYTES, mulawRms, pcmTone } from "./g711-audio.js";

/** A `POST /v1/audio/speech` the fake answered. */
export interface SpeechRecord {
  text: string;
  format: string;
  status: number;
  at: number;
}

/** What the transcription side saw and said. */
export interface TranscriptionEvent {
  type: string;
  at: number;
  transcript?: string;
}

/** Level above which a 20 ms frame counts as speech. */
const SPEECH_LEVEL = 500;

/**
 * OpenAI's voice endpoints for tests, on one base URL (`OPENAI_BASE_URL` = `<url>/v1`):
 * `POST /v1/audio/speech` returns a tone (`pcm`: 24 kHz 16-bit mono; other formats get 400) whose length follows the text; the realtime transcription
 * WebSocket (`/v1/realtime?intent=transcription`) takes `input_audio_buffer.append` μ-law audio,
 * runs an energy VAD (speech_started / speech_stopped after the session's `silence_duration_ms`)
 * and answers each utterance with the next scripted transcript.
 */
export class OpenAiVoiceFake {
  readonly speech = new RecordLog<SpeechRecord>("speech requests");
  readonly transcription = new RecordLog<TranscriptionEvent>("transcription events");
  readonly #server: FakeHttpServer;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #script: string[] = [];
  #speechFailures: number[] = [];
  /** Milliseconds of audio per character of speech text. */
  msPerChar = 25;

  constructor() {
    this.#server = new FakeHttpServer(
      (req, res) => this.#http(req, res),
      (req, socket, head) => this.#upgrade(req, socket, head),
    );
  }

  /** Starts listening; resolves with the base URL to use as `OPENAI_BASE_URL`. */
  async start(): Promise<string> {
    return `${await this.#server.start()}/v1`;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await this.#server.stop();
  }

  /** Queues what the caller "says" in the next utterances. */
  script(...transcripts: string[]): void {
    this.#script.push(...transcripts);
  }

  /** The next `times` speech requests answer HTTP `status`. */
  failSpeech(status: number, times = 1): void {
    this.#speechFailures.push(...Array<number>(times).fill(status));
  }

  /** Closes every open transcription socket as a server failure would (code 1011). */
  dropTranscriptions(): void {
    for (const socket of this.#sockets) socket.close(1011, "server error");
  }

  /** Open transcription sockets. */
  get openTranscriptions(): number {
    return this.#sockets.size;
  }

  async #http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST" || req.url !== "/v1/audio/speech") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const body: { input?: unknown; response_format?: unknown } = await parseBody(
      req,
      await readBody(req),
    );
    const text = typeof body.input === "string" ? body.input : "";
    const format = typeof body.response_format === "string" ? body.response_format : "mp3";
    const failure = this.#speechFailures.shift();
    const status = failure ?? (req.headers.authorization?.startsWith("Bearer ") ? 200 : 401);
    this.speech.push({ text, format, status, at: Date.now() });
    if (status !== 200 || format !== "pcm" || !text) {
      res.writeHead(status === 200 ? 400 : status, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: `fake speech error ${status}`, type: "server_error" } }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "audio/pcm" });
    res.end(pcmTone(Math.min(20_000, 200 + text.length * this.msPerChar)));
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname !== "/v1/realtime" || !req.headers.authorization?.startsWith("Bearer ")) {
      socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#session(ws));
  }

  #session(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on("close", () => this.#sockets.delete(ws));
    const emit = (event: Record<string, unknown> & { type: string }) => {
      this.transcription.push({
        type: event.type,
        at: Date.now(),
        transcript: typeof event.transcript === "string" ? event.transcript : undefined,
      });
      ws.send(JSON.stringify(event));
    };
    emit({ type: "transcription_session.created", session: {} });
    let silenceMs = 500;
    let speaking = false;
    let quietMs = 0;
    let audioMs = 0;
    let item = 0;
    ws.on("message", (data) => {
      const event = JSON.parse(String(data)) as {
        type?: string;
        audio?: string;
        session?: { turn_detection?: { silence_duration_ms?: number } };
      };
      if (event.type === "transcription_session.update") {
        silenceMs = event.session?.turn_detection?.silence_duration_ms ?? silenceMs;
        emit({ type: "transcription_session.updated", session: event.session ?? {} });
        return;
      }
      if (event.type !== "input_audio_buffer.append" || typeof event.audio !== "string") return;
      const audio = Buffer.from(event.audio, "base64");
      for (let offset = 0; offset < audio.length; offset += MULAW_FRAME_BYTES) {
        const frame = audio.subarray(offset, offset + MULAW_FRAME_BYTES);
        audioMs += frame.length / 8;
        const loud = mulawRms(frame) > SPEECH_LEVEL;
        if (loud && !speaking) {
          speaking = true;
          emit({
            type: "input_audio_buffer.speech_started",
            audio_start_ms: audioMs,
            item_id: `item_${item}`,
          });
        }
        quietMs = loud ? 0 : quietMs + frame.length / 8;
        if (speaking && quietMs >= silenceMs) {
          speaking = false;
          const itemId = `item_${item++}`;
          emit({
            type: "input_audio_buffer.speech_stopped",
            audio_end_ms: audioMs,
            item_id: itemId,
          });
          emit({ type: "input_audio_buffer.committed", item_id: itemId, previous_item_id: null });
          const transcript = this.#script.shift() ?? "";
          emit({
            type: "conversation.item.input_audio_transcription.delta",
            item_id: itemId,
            content_index: 0,
            delta: transcript,
          });
          emit({
            type: "conversation.item.input_audio_transcription.completed",
            item_id: itemId,
            content_index: 0,
            transcript,
          });
        }
      }
    });
  }
}
