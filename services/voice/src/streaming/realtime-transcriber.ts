import type { WebSocket as WsSocket } from "ws";

/** What the transcriber reports while the caller talks. */
export interface TranscriberEvents {
  /** The caller started talking (server VAD): stop playback. */
  onSpeechStarted(): void;
  /** A finished utterance. */
  onTranscript(text: string): void;
  /** The transcription socket failed or closed while the call still needed it. */
  onFailure(reason: string): void;
}

/** Settings of OpenAI's realtime transcription. */
export interface TranscriberOptions {
  /** OpenAI REST base (`https://api.openai.com/v1`); the WebSocket is `wss://…/realtime?intent=transcription`. */
  baseUrl: string;
  apiKey: string;
  model: string;
  silenceDurationMs: number;
  vadThreshold: number;
  /** How long connecting may take. */
  connectTimeoutMs: number;
}

/** A live transcription session: μ-law audio in, events out. */
export interface Transcriber {
  /** Sends a base64 μ-law 8 kHz chunk (queued until the socket is open). */
  append(payloadBase64: string): void;
  close(): void;
}

/** The realtime WebSocket URL for an OpenAI REST base. */
export function realtimeUrl(baseUrl: string): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + "/realtime");
  url.protocol = url.protocol === "http:" ? "ws:" : "wss:";
  url.searchParams.set("intent", "transcription");
  return url.href;
}

/** Most audio chunks held while the socket connects (5 s of 20 ms frames). */
const MAX_QUEUED = 250;

/**
 * Opens OpenAI's realtime transcription WebSocket for one call: G.711 μ-law input, server VAD,
 * `input_audio_buffer.speech_started` and `conversation.item.input_audio_transcription.completed`
 * turned into events. Resolves once the session is configured.
 */
export async function openRealtimeTranscriber(
  options: TranscriberOptions,
  events: TranscriberEvents,
): Promise<Transcriber> {
  const { default: WebSocket } = await import("ws");
  const socket: WsSocket = new WebSocket(realtimeUrl(options.baseUrl), {
    headers: { authorization: `Bearer ${options.apiKey}`, "openai-beta": "realtime=v1" },
    handshakeTimeout: options.connectTimeoutMs,
    maxPayload: 1024 * 1024,
  });
  let closing = false;
  let failed = false;
  const fail = (reason: string) => {
    if (closing || failed) return;
    failed = true;
    events.onFailure(reason);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", (error) => reject(new Error(`realtime transcription: ${error.message}`)));
    socket.once("unexpected-response", (_req, res) =>
      reject(new Error(`realtime transcription refused the connection (HTTP ${res.statusCode})`)),
    );
  });
  socket.on("error", (error) => fail(`transcription socket error: ${error.message}`));
  socket.on("close", (code) => fail(`transcription socket closed (${code})`));
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    let event: { type?: unknown; transcript?: unknown; error?: { message?: unknown } };
    try {
      event = JSON.parse(String(data)) as typeof event;
    } catch {
      return;
    }
    if (event.type === "input_audio_buffer.speech_started") events.onSpeechStarted();
    else if (
      event.type === "conversation.item.input_audio_transcription.completed" &&
      typeof event.transcript === "string"
    )
      events.onTranscript(event.transcript);
    else if (event.type === "error")
      fail(`transcription error: ${String(event.error?.message ?? "unknown")}`);
  });
  socket.send(
    JSON.stringify({
      type: "transcription_session.update",
      session: {
        input_audio_format: "g711_ulaw",
        input_audio_transcription: { model: options.model },
        turn_detection: {
          type: "server_vad",
          threshold: options.vadThreshold,
          prefix_padding_ms: 300,
          silence_duration_ms: options.silenceDurationMs,
        },
      },
    }),
  );
  let queued = 0;
  return {
    append(payload) {
      if (socket.readyState !== socket.OPEN) return;
      // A stalled socket must not buffer a whole call in memory.
      if (socket.bufferedAmount > MAX_QUEUED * 400) {
        if (++queued > MAX_QUEUED) fail("transcription socket is not keeping up");
        return;
      }
      queued = 0;
      socket.send(JSON.stringify({ type: "input_audio_buffer.append", audio: payload }));
    },
    close() {
      closing = true;
      socket.close(1000);
    },
  };
}
