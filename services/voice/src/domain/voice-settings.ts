import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";
import type { VoiceAccessConfig } from "@clawfleet/core";
import { DefaultPhrases, type CallPolicy } from "./call-flow.js";

/** The voice-call settings in effect: config first, environment variables where the config is silent. */
export interface VoiceSettings {
  enabled: boolean;
  provider: "twilio" | "telnyx" | "mock";
  fromNumber?: string;
  toNumber?: string;
  twilio: { accountSid?: string; authToken?: string; apiBase?: string };
  telnyx: TelnyxSettings;
  /** `publicUrl` as configured (the tunnel URL replaces it while the tunnel is up). */
  publicUrl?: string;
  tunnel: {
    provider: "none" | "ngrok" | "tailscale-funnel";
    authToken?: string;
    domain?: string;
    /** Tailscale Funnel: public HTTPS port and path (`serve.path` unless `tailscale.path`). */
    funnelPort: number;
    funnelPath: string;
  };
  access: VoiceAccessConfig;
  inboundGreeting?: string;
  maxDurationMs: number;
  maxConcurrentCalls: number;
  allowedHosts: string[];
  serve: { port: number; bind: string; path: string };
  streaming: StreamingSettings;
}

/** Media Streams settings: realtime transcription (OpenAI) and streamed speech (OpenAI or ElevenLabs). */
export interface StreamingSettings {
  enabled: boolean;
  path: string;
  /** OpenAI key and base URL for transcription and speech (`OPENAI_API_KEY`, `OPENAI_BASE_URL`). */
  openai: { apiKey?: string; baseUrl: string };
  transcription: { model: string; silenceDurationMs: number; vadThreshold: number };
  /** Speech of streamed replies; `model`/`voice` are OpenAI's. */
  tts: {
    provider: "openai" | "elevenlabs";
    model: string;
    voice: string;
    elevenlabs: ElevenLabsSettings;
  };
  preStartTimeoutMs: number;
  /** Caller silence after the assistant stops speaking before it asks whether anyone is there. */
  idlePromptMs: number;
  maxConnections: number;
}

/** ElevenLabs speech: config first, then `ELEVENLABS_API_KEY` / `XI_API_KEY`. */
export interface ElevenLabsSettings {
  apiKey?: string;
  /** API base without `/v1`. */
  baseUrl: string;
  voiceId: string;
  modelId: string;
}

/** ElevenLabs' API base and the voice OpenClaw uses when none is configured. */
export const ELEVENLABS_API_BASE = "https://api.elevenlabs.io";
const ELEVENLABS_DEFAULT_VOICE = "pMsXgVXv3BLzUgSXRplE";

/** Telnyx Call Control credentials: config first, then `TELNYX_*`. */
export interface TelnyxSettings {
  apiKey?: string;
  connectionId?: string;
  /** Base64 Ed25519 public key that checks webhook signatures. */
  publicKey?: string;
  /** REST base, `https://api.telnyx.com/v2` unless `TELNYX_API_BASE` says otherwise. */
  apiBase: string;
}

/** Telnyx's REST base. */
export const TELNYX_API_BASE = "https://api.telnyx.com/v2";

/** How long an agent reply may take before the call apologises and listens again. */
export const REPLY_TIMEOUT_MS = 90_000;
/** Re-prompts after silence before the call hangs up. */
export const MAX_SILENT_PROMPTS = 2;
/** Extra time a capacity slot is held beyond `maxDurationSeconds` (ringing, slow callbacks). */
export const SLOT_GRACE_MS = 180_000;

/** Reads `plugins.entries.voice-call` and the Twilio/Telnyx/ngrok environment variables. */
export function resolveVoiceSettings(config: OpenClawConfig, env: ClawEnv): VoiceSettings {
  const entry = config.plugins.entries["voice-call"];
  const c = entry?.config;
  return {
    enabled: entry?.enabled === true,
    provider: c?.provider ?? "twilio",
    fromNumber: c?.fromNumber,
    toNumber: c?.toNumber,
    twilio: {
      accountSid: c?.twilio.accountSid ?? env.TWILIO_ACCOUNT_SID,
      authToken: c?.twilio.authToken ?? env.TWILIO_AUTH_TOKEN,
      apiBase: env.TWILIO_API_BASE,
    },
    telnyx: {
      apiKey: c?.telnyx.apiKey ?? env.TELNYX_API_KEY,
      connectionId: c?.telnyx.connectionId ?? env.TELNYX_CONNECTION_ID,
      publicKey: c?.telnyx.publicKey ?? env.TELNYX_PUBLIC_KEY,
      apiBase: env.TELNYX_API_BASE ?? TELNYX_API_BASE,
    },
    publicUrl: c?.publicUrl,
    tunnel: {
      provider:
        c?.tunnel.provider && c.tunnel.provider !== "none"
          ? c.tunnel.provider
          : c?.tailscale.mode === "funnel"
            ? "tailscale-funnel"
            : "none",
      authToken: c?.tunnel.ngrokAuthToken ?? env.NGROK_AUTHTOKEN,
      domain: c?.tunnel.ngrokDomain ?? env.NGROK_DOMAIN,
      funnelPort: c?.tailscale.port ?? 443,
      funnelPath: c?.tailscale.path ?? c?.serve.path ?? "/voice/webhook",
    },
    access: { inboundPolicy: c?.inboundPolicy ?? "disabled", allowFrom: c?.allowFrom ?? [] },
    inboundGreeting: c?.inboundGreeting,
    maxDurationMs: (c?.maxDurationSeconds ?? 300) * 1000,
    maxConcurrentCalls: c?.maxConcurrentCalls ?? 1,
    allowedHosts: c?.webhookSecurity.allowedHosts ?? [],
    serve: {
      port: c?.serve.port ?? 3334,
      bind: c?.serve.bind ?? "127.0.0.1",
      path: c?.serve.path ?? "/voice/webhook",
    },
    streaming: resolveStreaming(c, env),
  };
}

function resolveStreaming(
  c: NonNullable<OpenClawConfig["plugins"]["entries"]["voice-call"]>["config"] | undefined,
  env: ClawEnv,
): StreamingSettings {
  const s = c?.streaming;
  const openaiStt = s?.providers.openai;
  const openaiTts = c?.tts.providers.openai;
  const eleven = c?.tts.providers.elevenlabs;
  return {
    enabled: s?.enabled === true,
    path: s?.streamPath ?? "/voice/stream",
    openai: {
      apiKey: openaiStt?.apiKey ?? openaiTts?.apiKey ?? env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
    },
    transcription: {
      model: openaiStt?.model ?? "gpt-4o-transcribe",
      silenceDurationMs: openaiStt?.silenceDurationMs ?? 800,
      vadThreshold: openaiStt?.vadThreshold ?? 0.5,
    },
    tts: {
      provider: c?.tts.provider ?? "openai",
      model: openaiTts?.model ?? "gpt-4o-mini-tts",
      voice: openaiTts?.speakerVoice ?? "alloy",
      elevenlabs: {
        apiKey: eleven?.apiKey ?? env.ELEVENLABS_API_KEY ?? env.XI_API_KEY,
        baseUrl: eleven?.baseUrl ?? ELEVENLABS_API_BASE,
        voiceId: eleven?.speakerVoiceId ?? ELEVENLABS_DEFAULT_VOICE,
        modelId: eleven?.modelId ?? "eleven_multilingual_v2",
      },
    },
    preStartTimeoutMs: s?.preStartTimeoutMs ?? 5000,
    idlePromptMs: s?.idlePromptMs ?? 5000,
    maxConnections: s?.maxConnections ?? 128,
  };
}

/** The call-flow policy of these settings. */
export function callPolicyOf(settings: VoiceSettings): CallPolicy {
  const greeting = settings.inboundGreeting?.trim();
  return {
    maxDurationMs: settings.maxDurationMs,
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    maxSilentPrompts: MAX_SILENT_PROMPTS,
    phrases: { ...DefaultPhrases, ...(greeting ? { greeting } : {}) },
  };
}

/**
 * The webhook URL for a public base: a base with a path (`https://x.ngrok.app/voice/webhook`) is the
 * webhook itself, as in OpenClaw; a bare origin gets the listener path appended.
 */
export function webhookUrlFor(base: string, path: string): string {
  const url = new URL(base);
  if (url.pathname === "/" || url.pathname === "") url.pathname = path;
  return url.href;
}

/** The webhook URL with extra query parameters (kept in the order given; signed by Twilio with the rest of the URL). */
export function callbackUrl(webhookUrl: string, params: Record<string, string>): string {
  const url = new URL(webhookUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

/** Secrets of these settings, for the log redactor. */
export function settingsSecrets(settings: VoiceSettings): string[] {
  return [
    settings.twilio.authToken,
    settings.telnyx.apiKey,
    settings.tunnel.authToken,
    settings.streaming.openai.apiKey,
    settings.streaming.tts.elevenlabs.apiKey,
  ].filter((s): s is string => Boolean(s));
}

/** Whether a settings change needs the listener and tunnel restarted. */
export function ingressChanged(previous: VoiceSettings, next: VoiceSettings): boolean {
  const shape = (s: VoiceSettings) =>
    JSON.stringify([s.enabled, s.serve, s.tunnel, s.streaming.path]);
  return shape(previous) !== shape(next);
}
