import * as z from "zod";
import { PlatformIdListSchema } from "../ids.js";
import { ModelRefSchema } from "../model-selection.js";

/** `voice-call` `provider`: the telephony backend (`mock` answers locally, for tests and demos). */
export const VoiceProvider = { Twilio: "twilio", Telnyx: "telnyx", Mock: "mock" } as const;
/** One of {@link VoiceProvider}. */
export type VoiceProvider = (typeof VoiceProvider)[keyof typeof VoiceProvider];

/** `voice-call` `tunnel.provider`: how webhooks reach a private deployment. */
export const TunnelProvider = {
  None: "none",
  Ngrok: "ngrok",
  TailscaleFunnel: "tailscale-funnel",
} as const;
/** One of {@link TunnelProvider}. */
export type TunnelProvider = (typeof TunnelProvider)[keyof typeof TunnelProvider];

/** `voice-call` `inboundPolicy`: who may call in. */
export const InboundPolicy = {
  Disabled: "disabled",
  Allowlist: "allowlist",
  Open: "open",
} as const;
/** One of {@link InboundPolicy}. */
export type InboundPolicy = (typeof InboundPolicy)[keyof typeof InboundPolicy];

/** `plugins.entries.voice-call.config`: phone calls to and from the agent. */
export const VoiceCallConfigSchema = z.object({
  provider: z.enum(VoiceProvider).default("twilio"),
  fromNumber: z.string().min(1).optional().describe("E.164 caller id of outbound calls"),
  toNumber: z.string().min(1).optional().describe("default E.164 number to call"),
  twilio: z
    .object({
      accountSid: z.string().min(1).optional().describe("TWILIO_ACCOUNT_SID when absent"),
      authToken: z.string().min(1).optional().describe("TWILIO_AUTH_TOKEN when absent"),
    })
    .prefault({}),
  telnyx: z
    .object({
      apiKey: z.string().min(1).optional().describe("TELNYX_API_KEY when absent"),
      connectionId: z
        .string()
        .min(1)
        .optional()
        .describe("Call Control connection id; TELNYX_CONNECTION_ID when absent"),
      publicKey: z
        .string()
        .min(1)
        .optional()
        .describe("webhook public key (base64 Ed25519); TELNYX_PUBLIC_KEY when absent"),
    })
    .prefault({}),
  publicUrl: z.url().optional().describe("URL Twilio calls; webhooks are signed against it"),
  tunnel: z
    .object({
      provider: z.enum(TunnelProvider).default("none"),
      ngrokAuthToken: z.string().min(1).optional().describe("NGROK_AUTHTOKEN when absent"),
      ngrokDomain: z.string().min(1).optional().describe("NGROK_DOMAIN when absent"),
    })
    .prefault({}),
  tailscale: z
    .object({
      mode: z
        .enum(["off", "funnel"])
        .default("off")
        .describe('"funnel" is the same as tunnel.provider "tailscale-funnel"'),
      port: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .default(443)
        .describe("public HTTPS port of the funnel (Funnel accepts 443, 8443, 10000)"),
      path: z
        .string()
        .regex(/^\/\S*$/, "must start with /")
        .optional()
        .describe("public path of the funnel; serve.path when absent"),
    })
    .prefault({}),
  inboundPolicy: z.enum(InboundPolicy).default("disabled"),
  allowFrom: PlatformIdListSchema.default(() => []).describe("E.164 numbers allowed to call in"),
  inboundGreeting: z.string().optional(),
  maxDurationSeconds: z.number().int().min(1).default(300),
  maxConcurrentCalls: z.number().int().min(1).default(1),
  responseModel: ModelRefSchema.optional(),
  webhookSecurity: z
    .object({
      allowedHosts: z
        .array(z.string().min(1))
        .default(() => [])
        .describe("extra hosts (proxies) a signed webhook URL may name"),
    })
    .prefault({}),
  streaming: z
    .object({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          "Twilio Media Streams: realtime transcription and streamed TTS instead of <Gather>",
        ),
      provider: z.enum(["openai"]).default("openai").describe("realtime transcription provider"),
      streamPath: z
        .string()
        .regex(/^\/\S*$/, "must start with /")
        .default("/voice/stream")
        .describe(
          "WebSocket path of the media stream, on the voice listener and on the gateway's public URL",
        ),
      providers: z
        .object({
          openai: z
            .object({
              apiKey: z.string().min(1).optional().describe("OPENAI_API_KEY when absent"),
              model: z.string().min(1).default("gpt-4o-transcribe"),
              silenceDurationMs: z.number().int().min(100).max(5000).default(800),
              vadThreshold: z.number().min(0).max(1).default(0.5),
            })
            .prefault({}),
        })
        .prefault({}),
      preStartTimeoutMs: z
        .number()
        .int()
        .min(100)
        .default(5000)
        .describe("sockets that send no valid start frame within this time are closed"),
      idlePromptMs: z
        .number()
        .int()
        .min(100)
        .default(5000)
        .describe(
          "caller silence after the assistant finished speaking before it asks 'Are you still there?' (twice, then hangs up)",
        ),
      maxConnections: z
        .number()
        .int()
        .min(1)
        .default(128)
        .describe("open media stream sockets per voice instance (pending and active)"),
    })
    .prefault({}),
  tts: z
    .object({
      provider: z.enum(["openai", "elevenlabs"]).default("openai"),
      providers: z
        .object({
          openai: z
            .object({
              apiKey: z.string().min(1).optional().describe("OPENAI_API_KEY when absent"),
              model: z.string().min(1).default("gpt-4o-mini-tts"),
              speakerVoice: z.string().min(1).default("alloy"),
            })
            .prefault({}),
          elevenlabs: z
            .object({
              apiKey: z
                .string()
                .min(1)
                .optional()
                .describe("ELEVENLABS_API_KEY, then XI_API_KEY, when absent"),
              speakerVoiceId: z
                .string()
                .min(1)
                .optional()
                .describe("ElevenLabs voice id; pMsXgVXv3BLzUgSXRplE when absent"),
              modelId: z.string().min(1).default("eleven_multilingual_v2"),
              baseUrl: z
                .url()
                .optional()
                .describe("ElevenLabs API base; https://api.elevenlabs.io when absent"),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({})
    .describe("speech of streamed calls (OpenClaw's tts shape)"),
  serve: z
    .object({
      port: z
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(3334)
        .describe("port of the voice service's own webhook listener (0 picks a free one)"),
      bind: z
        .string()
        .min(1)
        .default("127.0.0.1")
        .describe(
          "address the listener binds; loopback is enough for an in-container ngrok tunnel",
        ),
      path: z
        .string()
        .regex(/^\/\S*$/, "must start with /")
        .default("/voice/webhook")
        .describe("webhook path Twilio posts to"),
    })
    .prefault({})
    .describe(
      "the voice listener, for the private deployment through a tunnel (public ones reach /voice/* through the gateway)",
    ),
});

/** `plugins.entries.voice-call`: the entry (disabled unless `enabled: true`) and its config. */
export const VoiceCallEntrySchema = z.object({
  enabled: z.boolean().default(false),
  config: VoiceCallConfigSchema.prefault({}),
});
