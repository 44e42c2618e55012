import { parseInboundMessage, type InboundMessage } from "@clawfleet/core";
import type { BotIdentity } from "../../domain/channel-adapter.js";
import type { MediaKind } from "../../domain/inbound-media.js";
import {
  telegramMessageSchema,
  type TelegramFileField,
  type TelegramMessage,
  type TelegramUpdate,
} from "./telegram-update.js";

/** A file of a Telegram message, described for the placeholder and fetched through getFile. */
export interface TelegramMediaRef {
  kind: MediaKind;
  fileId: string;
  mimeType?: string | undefined;
  fileName?: string | undefined;
  size?: number | undefined;
}

/** A normalized message, or why the update carries nothing to handle. */
export type NormalizedUpdate =
  | { ok: true; message: InboundMessage; media: TelegramMediaRef[] }
  | { ok: false; reason: string; invalid: boolean };

/**
 * The files of a message: a photo is its largest size (Telegram lists them smallest first; photos
 * are always JPEG), a document is an image when its MIME type says so.
 */
export function telegramMedia(message: TelegramMessage): TelegramMediaRef[] {
  const ref = (kind: MediaKind, file: TelegramFileField, mimeType = file.mime_type) => ({
    kind,
    fileId: file.file_id,
    mimeType,
    fileName: file.file_name,
    size: file.file_size,
  });
  const media: TelegramMediaRef[] = [];
  const photo = message.photo?.[message.photo.length - 1];
  if (photo) media.push(ref("image", photo, "image/jpeg"));
  const document = message.document;
  if (document)
    media.push(ref(document.mime_type?.startsWith("image/") ? "image" : "document", document));
  if (message.video) media.push(ref("video", message.video));
  if (message.audio) media.push(ref("audio", message.audio));
  if (message.voice) media.push(ref("audio", message.voice));
  if (message.sticker) media.push(ref("sticker", message.sticker));
  return media;
}

function skip(reason: string, invalid = false): NormalizedUpdate {
  return { ok: false, reason, invalid };
}

/** Whether the message's entities mention the bot (`@username`, or a text mention of its id). */
function mentionsBot(message: TelegramMessage, text: string, bot: BotIdentity): boolean {
  const entities = message.text !== undefined ? message.entities : message.caption_entities;
  const handle = `@${bot.username}`.toLowerCase();
  return (entities ?? []).some((entity) => {
    if (entity.type === "text_mention") return String(entity.user?.id) === bot.id;
    if (entity.type === "mention")
      return text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === handle;
    if (entity.type === "bot_command")
      return text
        .slice(entity.offset, entity.offset + entity.length)
        .toLowerCase()
        .endsWith(handle);
    return false;
  });
}

function displayName(first?: string, last?: string): string | undefined {
  const name = [first, last].filter(Boolean).join(" ").trim();
  return name === "" ? undefined : name;
}

/**
 * A Telegram update as the normalized inbound message: private chats are DMs (peer id = user id),
 * groups and supergroups are groups, channel posts are channels; forum topics become `threadId`;
 * a mention is `@bot` or a text mention of the bot, and a reply to one of the bot's messages sets
 * `replyTo.toBot` (the implicit reply to a topic's first message is not a reply).
 */
export function normalizeTelegramUpdate(
  update: TelegramUpdate,
  accountId: string,
  bot: BotIdentity,
): NormalizedUpdate {
  const raw = update.message ?? update.channel_post;
  if (raw === undefined) return skip("not a message");
  const parsed = telegramMessageSchema.safeParse(raw);
  if (!parsed.success)
    return skip(
      `malformed message: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      true,
    );
  const message = parsed.data;
  const text = message.text ?? message.caption ?? "";
  const media = telegramMedia(message);
  if (text.trim() === "" && media.length === 0) return skip("no text or media");
  const from =
    message.from ??
    (message.sender_chat
      ? {
          id: message.sender_chat.id,
          username: message.sender_chat.username,
          first_name: message.sender_chat.title,
        }
      : undefined);
  if (!from) return skip("no sender");
  if (String(from.id) === bot.id) return skip("the bot's own message");
  const chat = message.chat;
  const kind = chat.type === "private" ? "dm" : chat.type === "channel" ? "channel" : "group";
  const replied = message.reply_to_message;
  const impliedTopicReply =
    replied !== undefined &&
    (replied.forum_topic_created !== undefined || replied.message_id === message.message_thread_id);
  const result = parseInboundMessage({
    channel: "telegram",
    accountId,
    messageId: String(message.message_id),
    peer: { kind, id: String(chat.id) },
    sender: {
      id: String(from.id),
      username: from.username,
      displayName: displayName(from.first_name, "last_name" in from ? from.last_name : undefined),
    },
    text,
    mentioned: mentionsBot(message, text, bot),
    replyTo:
      replied && !impliedTopicReply
        ? { messageId: String(replied.message_id), toBot: String(replied.from?.id) === bot.id }
        : undefined,
    threadId:
      chat.is_forum && message.message_thread_id !== undefined
        ? String(message.message_thread_id)
        : undefined,
    chatTitle: chat.title,
    timestamp: message.date * 1000,
  });
  return result.ok
    ? { ok: true, message: result.message, media }
    : skip(`unusable message: ${result.errors.join("; ")}`, true);
}
