import * as z from "zod";
import { defineRequest } from "./define.js";

/** Status of one channel account as `channels.status` reports it. */
export const channelAccountStatusSchema = z.object({
  channel: z.string(),
  accountId: z.string(),
  configured: z.boolean(),
  enabled: z.boolean(),
  connected: z.boolean(),
  /** Instance holding the account's lease (its live connection), if any. */
  holder: z.string().optional(),
  mode: z.string().optional(),
  botName: z.string().optional(),
  lastError: z.string().optional(),
  lastErrorAt: z.number().optional(),
  lastInboundAt: z.number().optional(),
  lastOutboundAt: z.number().optional(),
  updatedAt: z.number(),
});
/** Status of one channel account. */
export type ChannelAccountStatus = z.infer<typeof channelAccountStatusSchema>;

/** Status of every configured channel account. */
export const ChannelsStatus = defineRequest({
  name: "channels.status",
  subject: "channels.status.v1",
  schema: z.object({ probe: z.boolean().optional() }),
  reply: z.object({ ts: z.number(), accounts: z.array(channelAccountStatusSchema) }),
  doc: "Configured, connected, lease holder, last error and activity of each channel account.",
});

/** A pending pairing request. */
export const pairingRequestSchema = z.object({
  channel: z.string(),
  accountId: z.string(),
  code: z.string(),
  senderId: z.string(),
  senderName: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
});

/** Pending DM pairing requests. */
export const PairingList = defineRequest({
  name: "channels.pairing.list",
  subject: "channels.pairing.list.v1",
  schema: z.object({ channel: z.string().optional(), accountId: z.string().optional() }),
  reply: z.object({ requests: z.array(pairingRequestSchema) }),
  doc: "Lists pending pairing requests (not expired).",
});

/** Approve a pairing code. */
export const PairingApprove = defineRequest({
  name: "channels.pairing.approve",
  subject: "channels.pairing.approve.v1",
  schema: z.object({
    channel: z.string().min(1),
    code: z.string().min(1),
    accountId: z.string().optional(),
    /** Also tell the sender in their DM that they may talk to the agent now. */
    notify: z.boolean().optional(),
  }),
  reply: z.object({
    ok: z.literal(true),
    channel: z.string(),
    accountId: z.string(),
    senderId: z.string(),
    senderName: z.string().optional(),
  }),
  doc: "Approves a pending pairing code; the sender may then talk to the agent.",
});

/** An HTTP request forwarded over the bus with its raw body, so the receiver can check signatures. */
export const forwardedHttpRequestSchema = z.object({
  method: z.string(),
  /** Path and query as received, e.g. `/voice/webhook?x=1`. */
  url: z.string(),
  /** The public URL the caller used (scheme, host, port, path, query), for signature checks. */
  publicUrl: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  remoteAddress: z.string().optional(),
  receivedAt: z.number(),
});
/** A forwarded HTTP request. */
export type ForwardedHttpRequest = z.infer<typeof forwardedHttpRequestSchema>;

/** The answer to a forwarded HTTP request. */
export const forwardedHttpResponseSchema = z.object({
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().default(""),
});
/** The answer to a forwarded HTTP request. */
export type ForwardedHttpResponse = z.infer<typeof forwardedHttpResponseSchema>;

/** Telegram webhook updates forwarded by the gateway to the holder of the account. */
export const TelegramWebhook = defineRequest({
  name: "channels.telegram.webhook",
  subject: "channels.telegram.webhook.v1.{account}",
  schema: forwardedHttpRequestSchema,
  reply: forwardedHttpResponseSchema,
  timeoutMs: 10_000,
  doc: "A Telegram webhook POST (secret already checked by the gateway), answered by the account's holder.",
});
