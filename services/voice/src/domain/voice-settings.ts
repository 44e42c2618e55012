import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";
import type { VoiceAccessConfig } from "@clawfleet/core";
import { DefaultPhrases, type CallPolicy } from "./call-flow.js";

/** The voice-call settings in effect: config first, environment variables where the config is silent. */
export interface VoiceSettings {
  enabled: boolean;
  provider: "twilio" | "mock";
  fromNumber?: string;
  toNumber?: string;
  twilio: { accountSid?: string; authToken?: string; apiBase?: string };
  /** `publicUrl` as configured (the tunnel URL replaces it while the tunnel is up). */
  publicUrl?: string;
  tunnel: { provider: "none" | "ngrok"; authToken?: string; domain?: string };
  access: VoiceAccessConfig;
  inboundGreeting?: string;
  maxDurationMs: number;
  maxConcurrentCalls: number;
  allowedHosts: string[];
  serve: { port: number; bind: string; path: string };
}

/** How long an agent reply may take before the call apologises and listens again. */
export const REPLY_TIMEOUT_MS = 90_000;
/** Re-prompts after silence before the call hangs up. */
export const MAX_SILENT_PROMPTS = 2;
/** Extra time a capacity slot is held beyond `maxDurationSeconds` (ringing, slow callbacks). */
export const SLOT_GRACE_MS = 180_000;

/** Reads `plugins.entries.voice-call` and the Twilio/ngrok environment variables. */
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
    publicUrl: c?.publicUrl,
    tunnel: {
      provider: c?.tunnel.provider ?? "none",
      authToken: c?.tunnel.ngrokAuthToken ?? env.NGROK_AUTHTOKEN,
      domain: c?.tunnel.ngrokDomain ?? env.NGROK_DOMAIN,
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
  return [settings.twilio.authToken, settings.tunnel.authToken].filter((s): s is string =>
    Boolean(s),
  );
}

/** Whether a settings change needs the listener and tunnel restarted. */
export function ingressChanged(previous: VoiceSettings, next: VoiceSettings): boolean {
  const shape = (s: VoiceSettings) => JSON.stringify([s.enabled, s.serve, s.tunnel]);
  return shape(previous) !== shape(next);
}
