import { encodeMulaw, pcm16FromBytes, resample, STREAM_SAMPLE_RATE } from "./mulaw.js";
import { errorMessage } from "@clawfleet/core";

/** Turns text into μ-law 8 kHz audio for a call. */
export type SpeechSynth = (text: string, signal: AbortSignal) => Promise<Buffer>;

/** Settings of OpenAI's speech endpoint. */
export interface OpenAiSpeechOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  voice: string;
  timeoutMs: number;
}

/** Sample rate of OpenAI's `pcm` speech output. */
const OPENAI_PCM_RATE = 24_000;

/** Most audio accepted for one sentence (about 2 minutes of 24 kHz PCM). */
const MAX_AUDIO_BYTES = 6 * 1024 * 1024;

/** Raised when the TTS endpoint fails; the stream falls back to the Gather loop. */
export class SpeechError extends Error {
  override readonly name = "SpeechError";
}

/**
 * OpenAI `POST /audio/speech` with `response_format: "pcm"` (24 kHz signed 16-bit mono),
 * resampled to 8 kHz and μ-law encoded.
 */
export function openAiSpeech(options: OpenAiSpeechOptions): SpeechSynth {
  return async (text, signal) => {
    const response = await fetch(`${options.baseUrl.replace(/\/+$/, "")}/audio/speech`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: options.model,
        voice: options.voice,
        input: text,
        response_format: "pcm",
      }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
    }).catch((error: unknown) => {
      throw new SpeechError(`speech request failed: ${errorMessage(error)}`);
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => "")).slice(0, 200);
      throw new SpeechError(`speech endpoint answered HTTP ${response.status} ${detail}`.trim());
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_AUDIO_BYTES)
      throw new SpeechError(`speech endpoint returned ${bytes.length} bytes for one sentence`);
    return encodeMulaw(resample(pcm16FromBytes(bytes), OPENAI_PCM_RATE, STREAM_SAMPLE_RATE));
  };
}
