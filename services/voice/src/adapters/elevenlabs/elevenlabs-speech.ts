import { SpeechError, type SpeechSynth } from "../../streaming/speech-synth.js";
import { errorMessage } from "@clawfleet/core";

/** Settings of ElevenLabs' streaming speech endpoint. */
export interface ElevenLabsSpeechOptions {
  /** API base without `/v1`, e.g. `https://api.elevenlabs.io`. */
  baseUrl: string;
  apiKey: string;
  voiceId: string;
  modelId: string;
  timeoutMs: number;
}

/** Most audio accepted for one sentence (about 2 minutes of 8 kHz μ-law). */
const MAX_AUDIO_BYTES = 1024 * 1024;

/**
 * ElevenLabs `POST /v1/text-to-speech/{voice_id}/stream?output_format=ulaw_8000` (header
 * `xi-api-key`): the body is already μ-law 8 kHz, what a phone stream carries, so it is
 * passed on as it comes.
 */
export function elevenLabsSpeech(options: ElevenLabsSpeechOptions): SpeechSynth {
  const base = options.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  const url = `${base}/v1/text-to-speech/${encodeURIComponent(options.voiceId)}/stream?output_format=ulaw_8000`;
  return async (text, signal) => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "xi-api-key": options.apiKey,
        "content-type": "application/json",
        accept: "audio/basic",
      },
      body: JSON.stringify({ text, model_id: options.modelId }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
    }).catch((error: unknown) => {
      throw new SpeechError(`ElevenLabs request failed: ${errorMessage(error)}`);
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => "")).slice(0, 200);
      throw new SpeechError(`ElevenLabs answered HTTP ${response.status} ${detail}`.trim());
    }
    const audio = await readCapped(response, signal);
    if (audio.length === 0) throw new SpeechError("ElevenLabs returned no audio");
    return audio;
  };
}

/** Reads the streamed body, refusing more than {@link MAX_AUDIO_BYTES}. */
async function readCapped(response: Response, signal: AbortSignal): Promise<Buffer> {
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return Buffer.concat(chunks);
      size += value.length;
      if (size > MAX_AUDIO_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw new SpeechError(
          `ElevenLabs returned more than ${MAX_AUDIO_BYTES} bytes for one sentence`,
        );
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof SpeechError || signal.aborted) throw error;
    throw new SpeechError(`ElevenLabs audio stream broke: ${errorMessage(error)}`);
  }
}
