import * as z from "zod";

/** Channels clawfleet ships connectors for; the schema accepts other well-formed names too. */
export const KnownChannels = [
  "discord",
  "telegram",
  "whatsapp",
  "slack",
  "signal",
  "webchat",
  "voice",
] as const;

/** One of the built-in channels. */
export type KnownChannel = (typeof KnownChannels)[number];

/** A channel name: a built-in one or any other lower-case slug (plugins). */
export type ChannelId = KnownChannel | (string & {});

/** Conversation kinds a peer can be, as in OpenClaw's bindings (`dm`, `group`, `channel`). */
export const PeerKinds = ["dm", "group", "channel"] as const;

/** One of the peer kinds. */
export type PeerKind = (typeof PeerKinds)[number];

/** The account id a channel uses for its top-level (non-`accounts`) bot, as in OpenClaw. */
export const DEFAULT_ACCOUNT_ID = "default";

const MAX_ID_LENGTH = 128;
const MAX_NAME_LENGTH = 256;
/** Generous cap that still rejects megabyte garbage; platforms cap far lower. */
const MAX_TEXT_LENGTH = 100_000;

/** A channel name: lower-case slug, safe as one session-key segment. */
export const ChannelIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be a lower-case slug like discord or telegram");

/** A platform id (user, chat, message, thread, guild, account): non-empty, no whitespace or ':'. */
export const PlatformIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(/^[^\s:]*$/, "must not contain whitespace or ':'");

const NameSchema = z.string().max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`);

/** Where a conversation happens: a DM with a user, a group chat, or a server channel. */
export const PeerSchema = z.object({
  kind: z.enum(PeerKinds),
  id: PlatformIdSchema,
});

/** A peer: kind plus the platform's chat/channel/user id. */
export type Peer = z.infer<typeof PeerSchema>;

/** Who sent a message; only `id` is trusted for access decisions. */
export const SenderSchema = z.object({
  id: PlatformIdSchema,
  username: NameSchema.optional(),
  displayName: NameSchema.optional(),
});

/** A message sender. */
export type Sender = z.infer<typeof SenderSchema>;

/** The message an inbound message replies to, and whether that one was the bot's. */
export const ReplyToSchema = z.object({
  messageId: PlatformIdSchema,
  toBot: z.boolean().default(false),
});

/** Reply reference of an inbound message. */
export type ReplyTo = z.infer<typeof ReplyToSchema>;

/**
 * The normalized inbound message every connector produces.
 *
 * Conventions: a Discord thread message has `peer.id` = the thread's channel id (replies go
 * there), `threadId` = the same id and `parentChannelId`/`parentChannelName` = the channel the
 * thread belongs to; a Telegram forum message has `peer.id` = the chat id and `threadId` = the
 * topic id (`message_thread_id`). `chatTitle` is the group title or the Discord channel name.
 */
export const InboundMessageSchema = z.object({
  channel: ChannelIdSchema,
  accountId: PlatformIdSchema,
  messageId: PlatformIdSchema,
  peer: PeerSchema,
  sender: SenderSchema,
  text: z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
  mentioned: z.boolean().default(false),
  replyTo: ReplyToSchema.optional(),
  threadId: PlatformIdSchema.optional(),
  parentChannelId: PlatformIdSchema.optional(),
  parentChannelName: NameSchema.optional(),
  guildId: PlatformIdSchema.optional(),
  guildName: NameSchema.optional(),
  chatTitle: NameSchema.optional(),
  timestamp: z.number().int("must be an integer (ms)").nonnegative("must not be negative"),
});

/** A validated inbound message. */
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

/** The shape a producer may send (defaults such as `mentioned` not yet applied). */
export type InboundMessageInput = z.input<typeof InboundMessageSchema>;

/** Result of {@link parseInboundMessage}: the message, or `path: message` lines for the log. */
export type ParseInboundResult =
  { ok: true; message: InboundMessage } | { ok: false; errors: string[] };

/** Validates an untrusted value as an inbound message, reporting each problem as `path: message`. */
export function parseInboundMessage(value: unknown): ParseInboundResult {
  const result = InboundMessageSchema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  const errors = result.error.issues.map(
    (issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`,
  );
  return { ok: false, errors };
}

/**
 * A dedupe id unique across channels, accounts and chats (Telegram message ids are only
 * unique within a chat), for `Nats-Msg-Id` on the inbox.
 */
export function inboundDedupeId(
  message: Pick<InboundMessage, "channel" | "accountId" | "peer" | "messageId">,
): string {
  return `${message.channel}:${message.accountId}:${message.peer.kind}:${message.peer.id}:${message.messageId}`;
}
