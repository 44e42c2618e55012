import * as z from "zod";
import { forwardedHttpRequestSchema, forwardedHttpResponseSchema } from "./channels.js";
import { defineEvent, defineRequest } from "./define.js";

/** Call modes: speak a message and hang up, or hold a conversation with the agent. */
export const CallModes = ["notify", "conversation"] as const;

/** How a call's audio is handled: TwiML `<Gather>`/`<Say>` turns today, Media Streams (`<Connect><Stream>`) later. */
export const CallTransports = ["gather", "stream"] as const;

/** What was said on a call, oldest first: the caller (`user`) and the agent (`assistant`). */
export const callTranscriptEntrySchema = z.object({
  role: z.enum(["user", "assistant"]),
  text: z.string(),
  ts: z.number(),
  /** Set when the caller talked over this reply and its playback was stopped (streamed calls). */
  interrupted: z.boolean().optional(),
});
/** One line of a call transcript. */
export type CallTranscriptEntry = z.infer<typeof callTranscriptEntrySchema>;

/** A voice call as stored in KV and returned by the voice RPCs. */
export const callRecordSchema = z.object({
  callId: z.string(),
  providerCallId: z.string().optional(),
  provider: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  from: z.string(),
  to: z.string(),
  /** initiated, ringing, in-progress, or an end state: completed, busy, no-answer, failed, canceled, rejected. */
  status: z.string(),
  mode: z.enum(CallModes),
  sessionKey: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
  endedAt: z.number().optional(),
  error: z.string().optional(),
  agentId: z.string().optional(),
  transport: z.enum(CallTransports).optional(),
  answeredAt: z.number().optional(),
  /** Why the call ended: hangup, agent-hangup, max-duration, silence, not-allowed, busy, disabled, failed, … */
  endReason: z.string().optional(),
  transcript: z.array(callTranscriptEntrySchema).optional(),
});
/** A voice call record. */
export type CallRecord = z.infer<typeof callRecordSchema>;

/** Twilio webhooks reaching the voice service through the gateway's `/voice/*` route. */
export const VoiceWebhook = defineRequest({
  name: "voice.webhook",
  subject: "voice.webhook.v1",
  schema: forwardedHttpRequestSchema,
  reply: forwardedHttpResponseSchema,
  timeoutMs: 12_000,
  doc: "A Twilio webhook forwarded by the gateway; answered with TwiML by a voice instance.",
});

/** Start an outbound call. */
export const VoiceCallInitiate = defineRequest({
  name: "voice.call.initiate",
  subject: "voice.call.initiate.v1",
  schema: z.object({
    /** E.164 number to call; the config's `toNumber` when absent. */
    to: z.string().min(1).optional(),
    message: z.string().max(4000).optional(),
    mode: z.enum(CallModes).default("notify"),
    agentId: z.string().optional(),
  }),
  reply: callRecordSchema,
  timeoutMs: 15_000,
  doc: "Places an outbound call (notify or conversation).",
});

/** Status of a call. */
export const VoiceCallStatus = defineRequest({
  name: "voice.call.status",
  subject: "voice.call.status.v1",
  schema: z.object({ callId: z.string().min(1) }),
  reply: callRecordSchema,
  doc: "Returns a call record.",
});

/** End a call. */
export const VoiceCallEnd = defineRequest({
  name: "voice.call.end",
  subject: "voice.call.end.v1",
  schema: z.object({ callId: z.string().min(1) }),
  reply: callRecordSchema,
  timeoutMs: 10_000,
  doc: "Hangs up a call.",
});

/** Recent calls, newest first. */
export const VoiceCallList = defineRequest({
  name: "voice.call.list",
  subject: "voice.call.list.v1",
  schema: z.object({
    limit: z.number().int().positive().max(200).default(20),
    activeOnly: z.boolean().default(false),
  }),
  reply: z.object({ calls: z.array(callRecordSchema) }),
  doc: "Lists recent calls (or only the live ones), newest first, without transcripts.",
});

/** A call changed (status, transcript, pending reply); carries the record. */
export const VoiceCallUpdated = defineEvent({
  name: "voice.call.updated",
  subject: "voice.call.updated.v1.{call}",
  legacySubject: "voice.call.updated.{call}",
  schema: callRecordSchema,
  doc: "Published after every change of a call record; wakes webhooks waiting for the agent's reply and feeds UIs.",
});

/** State of the voice service's webhook ingress on one instance. */
export const voiceServiceStatusSchema = z.object({
  instanceId: z.string(),
  enabled: z.boolean(),
  provider: z.string(),
  /** The URL Twilio calls (tunnel URL, else `publicUrl`), with the webhook path; absent when there is none. */
  webhookUrl: z.string().optional(),
  publicUrlSource: z.enum(["tunnel", "config", "none"]),
  listener: z.object({ url: z.string().optional(), error: z.string().optional() }),
  tunnel: z.object({
    provider: z.string(),
    state: z.enum(["off", "starting", "up", "failed"]),
    url: z.string().optional(),
    error: z.string().optional(),
    /** When the failed tunnel is tried again. */
    retryAt: z.number().optional(),
  }),
  activeCalls: z.number().int().nonnegative(),
  maxConcurrentCalls: z.number().int().positive(),
});
/** Status of the voice service on one instance. */
export type VoiceServiceStatus = z.infer<typeof voiceServiceStatusSchema>;

/** Webhook ingress, tunnel and capacity of a voice instance. */
export const VoiceStatus = defineRequest({
  name: "voice.status",
  subject: "voice.status.v1",
  schema: z.object({}),
  reply: voiceServiceStatusSchema,
  doc: "Provider, public webhook URL, listener, ngrok tunnel state (with its error) and live calls of a voice instance.",
});

/** What the agent said back to a mock call. */
export const voiceMockReplySchema = z.object({
  /** What the call said, in order (greeting, agent replies, prompts). */
  spoken: z.array(z.string()),
  /** True when the call hung up. */
  ended: z.boolean(),
  call: callRecordSchema,
});
/** The answer of the mock-provider RPCs. */
export type VoiceMockReply = z.infer<typeof voiceMockReplySchema>;

/** Provider `mock`: the caller says something on a live call. */
export const VoiceMockSay = defineRequest({
  name: "voice.mock.say",
  subject: "voice.mock.say.v1",
  schema: z.object({
    callId: z.string().min(1),
    /** What the caller says; empty is silence. */
    text: z.string().max(4000),
    /** How long to wait for the agent's spoken reply. */
    waitMs: z.number().int().min(0).max(110_000).default(60_000),
  }),
  reply: voiceMockReplySchema,
  timeoutMs: 120_000,
  doc: "Mock provider: plays the caller's words into a call and returns what the agent says back.",
});

/** Provider `mock`: someone calls in. */
export const VoiceMockInbound = defineRequest({
  name: "voice.mock.inbound",
  subject: "voice.mock.inbound.v1",
  schema: z.object({ from: z.string().min(1), to: z.string().min(1).optional() }),
  reply: voiceMockReplySchema,
  timeoutMs: 10_000,
  doc: "Mock provider: an inbound call from a number, through inboundPolicy, allowFrom and the call cap.",
});
