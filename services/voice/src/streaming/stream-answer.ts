import type { Logger } from "@clawfleet/log";
import { callbackUrl, type VoiceSettings } from "../domain/voice-settings.js";
import { streamToken } from "./stream-token.js";
import { renderStreamTwiml, streamUrlFor } from "./stream-twiml.js";

/** How the webhook answers calls that talk over a Media Stream. */
export interface StreamingAnswers {
  /** Whether answered conversation calls get `<Connect><Stream>` now. */
  usable(): boolean;
  /** The TwiML that connects call `callId` to the stream, from the webhook URL Twilio called. */
  twiml(callId: string, webhookUrl: string): string;
}

/** Why the streaming settings cannot work, or undefined when they can. */
export function streamingProblem(settings: VoiceSettings): string | undefined {
  const s = settings.streaming;
  if (!s.enabled) return "streaming.enabled is not true";
  if (!s.openai.apiKey) return "OPENAI_API_KEY is not set (realtime transcription)";
  if (s.tts.provider === "elevenlabs" && !s.tts.elevenlabs.apiKey)
    return "tts.provider is elevenlabs but ELEVENLABS_API_KEY (or XI_API_KEY) is not set";
  if (!settings.twilio.authToken) return "TWILIO_AUTH_TOKEN is not set";
  return undefined;
}

/** Streaming answers for the current settings; a configured stream that cannot work is logged once and calls use the Gather loop. */
export function streamingAnswers(settings: () => VoiceSettings, log: Logger): StreamingAnswers {
  let reported: string | undefined;
  return {
    usable() {
      const current = settings();
      const problem = streamingProblem(current);
      if (problem && current.streaming.enabled && problem !== reported) {
        reported = problem;
        log.error(
          `streamed calls are configured but cannot work: ${problem}; calls use the Gather loop`,
        );
      }
      return problem === undefined;
    },
    twiml(callId, webhookUrl) {
      const current = settings();
      const url = new URL(webhookUrl);
      const base = `${url.origin}${url.pathname}`;
      return renderStreamTwiml({
        streamUrl: streamUrlFor(webhookUrl, current.streaming.path),
        callId,
        token: streamToken(current.twilio.authToken ?? "", callId),
        resumeUrl: callbackUrl(base, { callId, event: "resume" }),
      });
    },
  };
}
