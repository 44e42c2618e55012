import type { TgChat, TgMessage, TgMessageEntity, TgUser } from "./telegram-types.js";

/** A message to inject: the fake fills in `message_id` and `date`. */
export type TgMessageDraft = Omit<TgMessage, "message_id" | "date"> & {
  message_id?: number;
  date?: number;
};

/** Builds a human Telegram user. */
export function tgUser(id: number, firstName = `User${id}`, username?: string): TgUser {
  return { id, is_bot: false, first_name: firstName, ...(username ? { username } : {}) };
}

/** Builds a group (`supergroup` by default, as every modern group is); negative ids as on Telegram. */
export function tgGroup(
  id: number,
  title = `Group ${id}`,
  options: { forum?: boolean; type?: "group" | "supergroup" } = {},
): TgChat {
  return {
    id,
    type: options.type ?? "supergroup",
    title,
    ...(options.forum ? { is_forum: true } : {}),
  };
}

/** The private chat of a user with the bot (its id is the user's id). */
export function tgPrivateChat(user: TgUser): TgChat {
  return {
    id: user.id,
    type: "private",
    first_name: user.first_name,
    ...(user.username ? { username: user.username } : {}),
  };
}

/** A text message in the private chat of `from` with the bot; a leading `/command` gets its entity. */
export function privateMessage(from: TgUser, text: string): TgMessageDraft {
  return { chat: tgPrivateChat(from), from, text, ...entitiesFor(text) };
}

/** Options of `groupMessage`. */
export interface GroupMessageOptions {
  /** Prefix the text with `@<botUsername>` and add the mention entity. */
  mention?: string;
  /** The message this one answers (e.g. a message the bot sent, to make a reply-to-bot). */
  replyTo?: TgMessage;
}

/** A text message in a group, optionally mentioning the bot or replying to one of its messages. */
export function groupMessage(
  chat: TgChat,
  from: TgUser,
  text: string,
  options: GroupMessageOptions = {},
): TgMessageDraft {
  const fullText = options.mention ? `@${options.mention} ${text}` : text;
  return {
    chat,
    from,
    text: fullText,
    ...entitiesFor(fullText),
    ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
  };
}

/** A text message in a forum topic (`message_thread_id`), optionally mentioning the bot. */
export function topicMessage(
  chat: TgChat,
  from: TgUser,
  threadId: number,
  text: string,
  options: GroupMessageOptions = {},
): TgMessageDraft {
  return {
    ...groupMessage({ ...chat, is_forum: true }, from, text, options),
    message_thread_id: threadId,
    is_topic_message: true,
  };
}

/** The caption fields of a media message: the text (with `@mention` in front) and its entities. */
export function captionOf(
  caption: string | undefined,
  mention?: string,
): { caption?: string; caption_entities?: TgMessageEntity[] } {
  const full = [mention ? `@${mention}` : "", caption ?? ""].filter(Boolean).join(" ");
  if (full === "") return {};
  const { entities } = entitiesFor(full);
  return { caption: full, ...(entities ? { caption_entities: entities } : {}) };
}

function entitiesFor(text: string): { entities?: TgMessageEntity[] } {
  const entities: TgMessageEntity[] = [];
  for (const match of text.matchAll(
    /(?<=^|\s)(@[A-Za-z0-9_]{5,32}|\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?)/g,
  )) {
    const token = match[0];
    entities.push({
      type: token.startsWith("@") ? "mention" : "bot_command",
      offset: match.index,
      length: token.length,
    });
  }
  return entities.length > 0 ? { entities } : {};
}
