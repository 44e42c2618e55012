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
  /** When the holder's connection last came up (OpenClaw's field name). */
  lastConnectedAt: z.number().optional(),
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

/** What a login step answers: a QR code to scan, or whether the account is linked now. */
export const channelLoginReplySchema = z.object({
  /** The account is linked and connected. */
  connected: z.boolean(),
  /** The QR payload to render (terminal); absent once linked or when no QR is due. */
  qr: z.string().optional(),
  /** The same QR as a PNG data URL, for the Control UI. */
  qrDataUrl: z.string().optional(),
  /** What happened, in words for the operator. */
  message: z.string(),
});
/** The answer to a login step. */
export type ChannelLoginReply = z.infer<typeof channelLoginReplySchema>;

/** QR login of a channel account (WhatsApp), answered by the account's lease holder. */
export const ChannelLogin = defineRequest({
  name: "channels.login",
  subject: "channels.login.v1.{channel}.{account}",
  schema: z.object({
    /** `start` shows a QR (a new one when `force`); `wait` waits until it is scanned or `timeoutMs` passes. */
    step: z.enum(["start", "wait"]),
    force: z.boolean().optional(),
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
  }),
  reply: channelLoginReplySchema,
  timeoutMs: 330_000,
  doc: "QR login of a channel account (web.login.start / web.login.wait), answered by its holder.",
});

/** Logs a channel account out (WhatsApp: unlinks the device and forgets its credentials). */
export const ChannelLogout = defineRequest({
  name: "channels.logout",
  subject: "channels.logout.v1.{channel}.{account}",
  schema: z.object({}),
  reply: z.object({ loggedOut: z.boolean(), message: z.string() }),
  timeoutMs: 30_000,
  doc: "Logs a channel account out and forgets its stored credentials, answered by its holder.",
});
