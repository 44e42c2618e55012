// The subset of the Telegram Bot API object model the fake produces (field names as on the wire).

/** A Telegram user or bot. */
export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A Telegram chat. */
export interface TgChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  username?: string;
  first_name?: string;
  is_forum?: boolean;
}

/** A message entity (mentions, commands…). */
export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
}

/** One size of a photo (`Message.photo` lists several, smallest first). */
export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

/** A general file sent as a document (`Message.document`). */
export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

/** The answer of getFile: `file_path` is what `{apiRoot}/file/bot<token>/<file_path>` serves. */
export interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_path?: string;
}

/** A Telegram message. */
export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  photo?: TgPhotoSize[];
  document?: TgDocument;
  message_thread_id?: number;
  is_topic_message?: boolean;
  reply_to_message?: TgMessage;
  edit_date?: number;
}

/** A Telegram update as getUpdates and webhooks deliver it. */
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  [kind: string]: unknown;
}

/** The error answer of the Bot API. */
export interface TgErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A Bot API method failure: the handler throws it, the server answers with its body. */
export class TelegramApiError extends Error {
  readonly body: TgErrorBody;

  constructor(code: number, description: string, parameters?: TgErrorBody["parameters"]) {
    super(description);
    this.name = "TelegramApiError";
    this.body = { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) };
  }
}
