import * as z from "zod";

// Only the fields the connector reads; everything else in an update passes through unchecked.
const userSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const chatSchema = z.looseObject({
  id: z.number().int(),
  type: z.enum(["private", "group", "supergroup", "channel"]),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  is_forum: z.boolean().optional(),
});

const entitySchema = z.looseObject({
  type: z.string(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  user: userSchema.optional(),
});

const repliedSchema = z.looseObject({
  message_id: z.number().int(),
  from: userSchema.optional(),
  forum_topic_created: z.unknown().optional(),
});

const fileSchema = z.looseObject({
  file_id: z.string().min(1),
  file_size: z.number().int().nonnegative().optional(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
});

/** A file a message carries (photo size, document, video, audio, voice, sticker): the fields read. */
export type TelegramFileField = z.infer<typeof fileSchema>;

/** The parts of a Telegram Message the connector reads. */
export const telegramMessageSchema = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int().nonnegative(),
  chat: chatSchema,
  from: userSchema.optional(),
  sender_chat: chatSchema.optional(),
  message_thread_id: z.number().int().optional(),
  is_topic_message: z.boolean().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entitySchema).optional(),
  caption_entities: z.array(entitySchema).optional(),
  reply_to_message: repliedSchema.optional(),
  photo: z.array(fileSchema).optional(),
  document: fileSchema.optional(),
  video: fileSchema.optional(),
  audio: fileSchema.optional(),
  voice: fileSchema.optional(),
  sticker: fileSchema.optional(),
});
/** A Telegram Message as read. */
export type TelegramMessage = z.infer<typeof telegramMessageSchema>;

/** A Telegram Update: an id and, for the kinds the connector handles, a message or channel post. */
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z.unknown().optional(),
  channel_post: z.unknown().optional(),
});
/** A Telegram Update as read. */
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/** Update kinds the connector asks Telegram for (`allowed_updates`). */
export const ALLOWED_UPDATES = ["message", "channel_post"] as const;
