import { sleep } from "./abortable-sleep.js";
import { markMessage, mediaMessage } from "./media-messages.js";
import { FRAME_MS, toFrames } from "./mulaw.js";
import type { SpeechSynth } from "./speech-synth.js";

/** What {@link playSentences} plays, where, and how far ahead of real time. */
export interface PlaybackOptions {
  pieces: readonly string[];
  synth: SpeechSynth;
  /** Sends one Media Streams text frame to Twilio. */
  send: (text: string) => void;
  streamSid: string;
  /** How far ahead of real time frames are sent (Twilio buffers them; `clear` drops the buffer). */
  leadMs: number;
  /** Stops playback (barge-in, the call ending). */
  signal: AbortSignal;
}

/**
 * Speaks sentences in order as paced 20 ms μ-law frames with a `mark` after each, synthesizing the
 * next sentence while one plays; resolves when the last frame has been played out (or on abort).
 * A speech error rejects, unless playback was stopped meanwhile.
 */
export async function playSentences(options: PlaybackOptions): Promise<"done" | "interrupted"> {
  const { pieces, send, streamSid, leadMs, signal } = options;
  const synth = (text: string) => {
    const audio = options.synth(text, signal);
    audio.catch(() => undefined);
    return audio;
  };
  let next = synth(pieces[0] ?? "");
  const playStart = Date.now();
  let sentFrames = 0;
  for (let i = 0; i < pieces.length; i++) {
    const audio = await next;
    if (i + 1 < pieces.length) next = synth(pieces[i + 1] ?? "");
    if (signal.aborted) return "interrupted";
    for (const frame of toFrames(audio)) {
      await sleep(playStart + sentFrames * FRAME_MS - leadMs - Date.now(), signal);
      if (signal.aborted) return "interrupted";
      send(mediaMessage(streamSid, frame));
      sentFrames++;
    }
    send(markMessage(streamSid, `said-${i}`));
  }
  await sleep(playStart + sentFrames * FRAME_MS - Date.now(), signal);
  return signal.aborted ? "interrupted" : "done";
}
