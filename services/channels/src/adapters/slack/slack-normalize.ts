import type { InboundMessageInput } from "@clawfleet/core";
import type { BotIdentity } from "../../domain/channel-adapter.js";

/** The fields of a Slack `message` event clawfleet reads. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  files?: SlackFile[];
}

/** A file shared with a Slack message, the fields read. */
export interface SlackFile {
  id?: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  mode?: string;
}

/** Result of normalizing one Slack event. */
export type SlackNormalized =
  { ok: true; message: InboundMessageInput } | { ok: false; reason: string };

/**
 * A Slack message event in clawfleet's inbound shape: `im` is a DM (peer = the DM channel),
 * `mpim` a group, other channels `channel`; a thread reply keeps `threadId` = the thread's `ts`
 * (replies go into the thread). `<@BOT>` in the text is a mention. Edits, joins, bot messages and
 * the bot's own messages are skipped.
 */
export function normalizeSlackMessage(
  event: SlackMessageEvent,
  accountId: string,
  bot: BotIdentity,
): SlackNormalized {
  if (event.subtype && event.subtype !== "thread_broadcast" && event.subtype !== "file_share")
    return { ok: false, reason: `subtype ${event.subtype}` };
  if (event.bot_id || !event.user) return { ok: false, reason: "a bot's message" };
  if (event.user === bot.id) return { ok: false, reason: "own message" };
  if (!event.channel || !event.ts) return { ok: false, reason: "no channel or ts" };
  const text = event.text ?? "";
  if (!text.trim() && (event.files ?? []).length === 0) return { ok: false, reason: "no text" };
  const kind =
    event.channel_type === "im" ? "dm" : event.channel_type === "mpim" ? "group" : "channel";
  const message: InboundMessageInput = {
    channel: "slack",
    accountId,
    messageId: event.ts,
    peer: { kind, id: event.channel },
    sender: { id: event.user },
    text,
    mentioned: text.includes(`<@${bot.id}>`),
    timestamp: Math.round(Number(event.ts) * 1000) || Date.now(),
  };
  if (event.thread_ts) message.threadId = event.thread_ts;
  return { ok: true, message };
}
