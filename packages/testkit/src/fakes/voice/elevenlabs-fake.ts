import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { RecordLog } from "../shared/record-log.js";
import { parseBody, readBody, sendJson } from "../shared/request-body.js";
import { mulawTone } from "./g711-audio.js";

/** A `POST /v1/text-to-speech/{voice_id}/stream` the fake answered. */
export interface ElevenLabsSpeechRecord {
  voiceId: string;
  text: string;
  modelId?: string;
  outputFormat?: string;
  status: number;
  at: number;
}

const STREAM_PATH = /^\/v1\/text-to-speech\/([^/?]+)\/stream$/;
/** Bytes per chunk of the streamed body (100 ms of 8 kHz μ-law). */
const CHUNK_BYTES = 800;

/**
 * ElevenLabs' streaming speech endpoint for tests (`baseUrl` = the fake's URL): `POST
 * /v1/text-to-speech/{voice_id}/stream?output_format=ulaw_8000` with `xi-api-key` and
 * `{text, model_id}` answers raw μ-law 8 kHz audio in chunks ({@link ElevenLabsFake.audioFor});
 * no key gives 401 and another output format 422, each with ElevenLabs' `{detail: {status, message}}`.
 */
export class ElevenLabsFake {
  readonly speech = new RecordLog<ElevenLabsSpeechRecord>("ElevenLabs speech requests");
  readonly #server = new FakeHttpServer((req, res) => this.#http(req, res));
  readonly #failures: number[] = [];
  /** The key `xi-api-key` must carry. */
  apiKey = "xi-test-key";

  /** Starts listening; resolves with the base URL (`tts.providers.elevenlabs.baseUrl`). */
  start(): Promise<string> {
    return this.#server.start();
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }

  /** The next `times` speech requests answer HTTP `status`. */
  failSpeech(status: number, times = 1): void {
    this.#failures.push(...Array<number>(times).fill(status));
  }

  /** The exact μ-law audio the fake returns for `text` (a 440 Hz tone whose length follows the text). */
  audioFor(text: string): Buffer {
    return mulawTone(Math.min(20_000, 200 + text.length * 25), 440, 5000);
  }

  async #http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const voiceId = STREAM_PATH.exec(url.pathname)?.[1];
    if (req.method !== "POST" || !voiceId) {
      sendJson(res, 404, { detail: { status: "not_found", message: "not found" } });
      return;
    }
    const body: { text?: unknown; model_id?: unknown } = await parseBody(req, await readBody(req));
    const text = typeof body.text === "string" ? body.text : "";
    const outputFormat = url.searchParams.get("output_format") ?? undefined;
    const status =
      this.#failures.shift() ??
      (req.headers["xi-api-key"] !== this.apiKey
        ? 401
        : outputFormat !== "ulaw_8000" || !text
          ? 422
          : 200);
    this.speech.push({
      voiceId: decodeURIComponent(voiceId),
      text,
      modelId: typeof body.model_id === "string" ? body.model_id : undefined,
      outputFormat,
      status,
      at: Date.now(),
    });
    if (status !== 200) {
      const detail =
        status === 401
          ? { status: "invalid_api_key", message: "Invalid API key" }
          : { status: "fake_error", message: `fake speech error ${status}` };
      sendJson(res, status, { detail });
      return;
    }
    res.writeHead(200, { "content-type": "audio/basic", "transfer-encoding": "chunked" });
    const audio = this.audioFor(text);
    for (let offset = 0; offset < audio.length; offset += CHUNK_BYTES)
      res.write(audio.subarray(offset, offset + CHUNK_BYTES));
    res.end();
  }
}
