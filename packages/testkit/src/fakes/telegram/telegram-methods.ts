import type { TelegramFakeBot } from "./telegram-fake-bot.js";
import type { TelegramParams } from "./telegram-params.js";
import { TelegramApiError } from "./telegram-types.js";
import type { TgChat, TgMessage } from "./telegram-types.js";

/** What a method handler gets: the bot, its parameters, and a signal that aborts when the caller leaves. */
export interface MethodContext {
  bot: TelegramFakeBot;
  params: TelegramParams;
  signal: AbortSignal;
}

/** Implements one Bot API method; returns the `result` or throws `TelegramApiError`. */
export type MethodHandler = (ctx: MethodContext) => unknown;

const MaxTextLength = 4096;

function requireChat(bot: TelegramFakeBot, params: TelegramParams): TgChat {
  const chat = bot.findChat(params.chatId());
  if (!chat) throw new TelegramApiError(400, "Bad Request: chat not found");
  return chat;
}

function requireText(params: TelegramParams): string {
  const text = params.str("text") ?? "";
  if (text.trim() === "") throw new TelegramApiError(400, "Bad Request: message text is empty");
  if (text.length > MaxTextLength)
    throw new TelegramApiError(400, "Bad Request: message is too long");
  return text;
}

function replyTarget(
  bot: TelegramFakeBot,
  chat: TgChat,
  params: TelegramParams,
): TgMessage | undefined {
  const replyParameters = params.obj<{
    message_id?: number;
    chat_id?: number;
    allow_sending_without_reply?: boolean;
  }>("reply_parameters");
  const messageId = replyParameters?.message_id ?? params.int("reply_to_message_id");
  if (messageId === undefined) return undefined;
  const target = bot.findMessage(replyParameters?.chat_id ?? chat.id, messageId);
  const tolerant =
    replyParameters?.allow_sending_without_reply ??
    params.bool("allow_sending_without_reply") ??
    false;
  if (!target && !tolerant)
    throw new TelegramApiError(400, "Bad Request: message to be replied not found");
  return target;
}

function threadOf(
  bot: TelegramFakeBot,
  chat: TgChat,
  params: TelegramParams,
  replyTo?: TgMessage,
): number | undefined {
  const threadId = params.int("message_thread_id") ?? replyTo?.message_thread_id;
  if (threadId === undefined || !chat.is_forum) return undefined;
  if (!bot.hasThread(chat.id, threadId))
    throw new TelegramApiError(400, "Bad Request: message thread not found");
  return threadId;
}

const sendMessage: MethodHandler = ({ bot, params }) => {
  const chat = requireChat(bot, params);
  const text = requireText(params);
  const replyTo = replyTarget(bot, chat, params);
  const threadId = threadOf(bot, chat, params, replyTo);
  const message: TgMessage = {
    message_id: bot.nextMessageId(chat.id),
    from: bot.user,
    chat,
    date: Math.floor(Date.now() / 1_000),
    text,
    ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
  };
  bot.storeMessage(message);
  const parseMode = params.str("parse_mode");
  bot.sent.push({
    chatId: chat.id,
    text,
    messageId: message.message_id,
    ...(replyTo ? { replyToMessageId: replyTo.message_id } : {}),
    ...(threadId !== undefined ? { threadId } : {}),
    ...(parseMode ? { parseMode } : {}),
    message,
    params: params.raw,
  });
  return message;
};

const MaxCaptionLength = 1024;
/** Telegram takes photos up to 10 MB by upload. */
const MaxPhotoBytes = 10 * 1024 * 1024;

/** sendPhoto with a multipart upload (`photo` a file part) and an optional caption; file ids and URLs are not served. */
const sendPhoto: MethodHandler = ({ bot, params }) => {
  const chat = requireChat(bot, params);
  type Upload = { filename?: string; type?: string; size?: number; bytes?: Buffer };
  let photo = params.raw["photo"] as Upload | string | undefined;
  // grammY names the file part in the field: `attach://<part name>`.
  if (typeof photo === "string" && photo.startsWith("attach://"))
    photo = params.raw[photo.slice("attach://".length)] as Upload | undefined;
  if (photo === undefined || photo === "")
    throw new TelegramApiError(400, 'Bad Request: parameter "photo" is required');
  if (typeof photo === "string" || !photo.bytes)
    throw new TelegramApiError(400, "Bad Request: wrong file identifier/HTTP URL specified");
  if (photo.bytes.length > MaxPhotoBytes)
    throw new TelegramApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS");
  const caption = params.str("caption");
  if (caption !== undefined && caption.length > MaxCaptionLength)
    throw new TelegramApiError(400, "Bad Request: message caption is too long");
  const replyTo = replyTarget(bot, chat, params);
  const threadId = threadOf(bot, chat, params, replyTo);
  const messageId = bot.nextMessageId(chat.id);
  const message: TgMessage & { photo: unknown[]; caption?: string } = {
    message_id: messageId,
    from: bot.user,
    chat,
    date: Math.floor(Date.now() / 1_000),
    photo: [
      {
        file_id: `AgACsent${chat.id}x${messageId}`,
        file_unique_id: `AQADsent${messageId}`,
        width: 1,
        height: 1,
        file_size: photo.bytes.length,
      },
    ],
    ...(caption ? { caption } : {}),
    ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
  };
  bot.storeMessage(message);
  bot.sent.push({
    chatId: chat.id,
    text: caption ?? "",
    messageId,
    ...(replyTo ? { replyToMessageId: replyTo.message_id } : {}),
    ...(threadId !== undefined ? { threadId } : {}),
    photo: { filename: photo.filename, type: photo.type ?? "", bytes: photo.bytes },
    message,
    params: params.raw,
  });
  return message;
};

const editMessageText: MethodHandler = ({ bot, params }) => {
  const chat = requireChat(bot, params);
  const messageId = params.int("message_id");
  const existing = messageId === undefined ? undefined : bot.findMessage(chat.id, messageId);
  if (!existing) throw new TelegramApiError(400, "Bad Request: message to edit not found");
  const text = requireText(params);
  if (existing.text === text) {
    throw new TelegramApiError(
      400,
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  }
  const edited: TgMessage = { ...existing, text, edit_date: Math.floor(Date.now() / 1_000) };
  bot.storeMessage(edited);
  return edited;
};

const deleteMessage: MethodHandler = ({ bot, params }) => {
  const chat = requireChat(bot, params);
  if (!bot.deleteMessage(chat.id, params.int("message_id") ?? -1))
    throw new TelegramApiError(400, "Bad Request: message to delete not found");
  return true;
};

const getUpdates: MethodHandler = ({ bot, params, signal }) => {
  if (bot.webhook) {
    throw new TelegramApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const limit = Math.min(100, Math.max(1, params.int("limit") ?? 100));
  return bot.updates.poll(
    { offset: params.int("offset") ?? 0, limit, timeoutSeconds: params.int("timeout") ?? 0 },
    signal,
  );
};

const setWebhook: MethodHandler = ({ bot, params }) => {
  const url = params.str("url") ?? "";
  if (url === "") {
    bot.webhook = null;
    return true;
  }
  if (!/^https?:\/\//.test(url))
    throw new TelegramApiError(
      400,
      "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    );
  const secretToken = params.str("secret_token");
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw new TelegramApiError(400, "Bad Request: secret token contains unallowed characters");
  }
  if (params.bool("drop_pending_updates")) bot.updates.dropAll();
  const allowedUpdates = params.obj<string[]>("allowed_updates");
  bot.webhook = {
    url,
    maxConnections: params.int("max_connections") ?? 40,
    ...(secretToken !== undefined ? { secretToken } : {}),
    ...(allowedUpdates ? { allowedUpdates } : {}),
  };
  bot.webhookError = null;
  bot.updates.terminateHeld();
  return true;
};

const deleteWebhook: MethodHandler = ({ bot, params }) => {
  bot.webhook = null;
  if (params.bool("drop_pending_updates")) bot.updates.dropAll();
  return true;
};

const getWebhookInfo: MethodHandler = ({ bot }) => ({
  url: bot.webhook?.url ?? "",
  has_custom_certificate: false,
  pending_update_count: bot.updates.pending.length,
  ...(bot.webhook ? { max_connections: bot.webhook.maxConnections, ip_address: "127.0.0.1" } : {}),
  ...(bot.webhook?.allowedUpdates ? { allowed_updates: bot.webhook.allowedUpdates } : {}),
  ...(bot.webhookError
    ? { last_error_date: bot.webhookError.date, last_error_message: bot.webhookError.message }
    : {}),
});

const getMe: MethodHandler = ({ bot }) => ({
  ...bot.user,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

const sendChatAction: MethodHandler = ({ bot, params }) => {
  requireChat(bot, params);
  if (!params.has("action")) throw new TelegramApiError(400, "Bad Request: action is empty");
  return true;
};

const setMyCommands: MethodHandler = ({ bot, params }) => {
  const commands = params.obj<unknown[]>("commands");
  if (!Array.isArray(commands))
    throw new TelegramApiError(400, 'Bad Request: parameter "commands" is required');
  bot.commands = commands;
  return true;
};

/** Telegram lets bots download files up to 20 MB through getFile. */
const MaxDownloadBytes = 20 * 1024 * 1024;

const getFile: MethodHandler = ({ bot, params }) => {
  const file = bot.findFile(params.str("file_id") ?? "");
  if (!file) throw new TelegramApiError(400, "Bad Request: invalid file_id");
  if ((file.file_size ?? 0) > MaxDownloadBytes)
    throw new TelegramApiError(400, "Bad Request: file is too big");
  return file;
};

/** The Bot API methods the fake implements, by name. */
export const TelegramMethods: Readonly<Record<string, MethodHandler>> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  sendMessage,
  sendPhoto,
  editMessageText,
  deleteMessage,
  sendChatAction,
  setMyCommands,
  getFile,
  getMyCommands: ({ bot }) => bot.commands,
  deleteMyCommands: ({ bot }) => {
    bot.commands = [];
    return true;
  },
  getChat: ({ bot, params }) => requireChat(bot, params),
  logOut: () => true,
  close: () => true,
};
