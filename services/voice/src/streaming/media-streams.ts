import type { Logger } from "@clawfleet/log";
import type { CallEngine } from "../calls/call-engine.js";
import {
  callbackUrl,
  type StreamingSettings,
  type VoiceSettings,
} from "../domain/voice-settings.js";
import { openRealtimeTranscriber } from "./realtime-transcriber.js";
import { elevenLabsSpeech } from "../adapters/elevenlabs/elevenlabs-speech.js";
import { openAiSpeech, type SpeechSynth } from "./speech-synth.js";
import { streamingAnswers, type StreamingAnswers } from "./stream-answer.js";
import { createStreamServer, type StreamServer } from "./stream-server.js";
import { isStreamToken } from "./stream-token.js";

/** How far ahead of real time speech is sent: small, so a barge-in `clear` drops little. */
export const STREAM_LEAD_MS = 200;
/** Longest one wait for the agent's reply before the session looks again. */
const REPLY_WAIT_MS = 30_000;
/** Longest the transcriber's WebSocket may take to open, and one sentence's speech to come back. */
const CONNECT_TIMEOUT_MS = 5000;
const SPEECH_TIMEOUT_MS = 15_000;

/** What Media Streams need from the rest of the service. */
export interface MediaStreamsDeps {
  engine: CallEngine;
  settings: () => VoiceSettings;
  /** Points a live call at new TwiML (Twilio REST). */
  redirect: (providerCallId: string, url: string) => Promise<void>;
  /** The public webhook URL, if there is one. */
  webhookUrl: () => string | undefined;
  log: Logger;
  signal: AbortSignal;
}

/** The stream endpoint and the webhook's streaming answers, built from the settings in effect. */
export function createMediaStreams(deps: MediaStreamsDeps): {
  server: StreamServer;
  answers: StreamingAnswers;
} {
  const log = deps.log.child({ subsystem: "media-stream" });
  const streaming = () => deps.settings().streaming;
  const server = createStreamServer({
    current: () => ({ ...streaming(), enabled: streaming().enabled && deps.settings().enabled }),
    log,
    session: {
      engine: deps.engine,
      log,
      leadMs: STREAM_LEAD_MS,
      replyWaitMs: REPLY_WAIT_MS,
      idlePromptMs: () => streaming().idlePromptMs,
      signal: deps.signal,
      verifyToken: (callId, token) => {
        const secret = deps.settings().twilio.authToken;
        return Boolean(secret) && isStreamToken(secret ?? "", callId, token);
      },
      openTranscriber: (events) =>
        openRealtimeTranscriber(
          {
            baseUrl: streaming().openai.baseUrl,
            apiKey: streaming().openai.apiKey ?? "",
            ...streaming().transcription,
            connectTimeoutMs: CONNECT_TIMEOUT_MS,
          },
          events,
        ),
      synth: (text, signal) => synthOf(streaming())(text, signal),
      redirectToGather: async (call) => {
        const webhook = deps.webhookUrl();
        if (!webhook || !call.providerCallId)
          throw new Error("no public webhook URL to send the call back to");
        await deps.redirect(
          call.providerCallId,
          callbackUrl(webhook, { callId: call.callId, event: "resume" }),
        );
      },
      hangUp: async (call) => {
        if (call.providerCallId)
          await deps.engine.deps.telephony().hangUp(call.providerCallId, true);
      },
    },
  });
  return { server, answers: streamingAnswers(deps.settings, log) };
}

/** The speech endpoint `tts.provider` names, built from the settings in effect at each sentence. */
function synthOf(streaming: StreamingSettings): SpeechSynth {
  const { tts } = streaming;
  if (tts.provider === "elevenlabs")
    return elevenLabsSpeech({
      ...tts.elevenlabs,
      apiKey: tts.elevenlabs.apiKey ?? "",
      timeoutMs: SPEECH_TIMEOUT_MS,
    });
  return openAiSpeech({
    baseUrl: streaming.openai.baseUrl,
    apiKey: streaming.openai.apiKey ?? "",
    model: tts.model,
    voice: tts.voice,
    timeoutMs: SPEECH_TIMEOUT_MS,
  });
}
