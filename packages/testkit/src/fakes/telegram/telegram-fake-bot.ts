import { FakeFiles } from "../shared/fake-files.js";
import { RecordLog } from "../shared/record-log.js";
import { testImage } from "../shared/test-images.js";
import type { WaitForOptions } from "../shared/record-log.js";
import { UpdateQueue } from "./telegram-update-queue.js";
import {
  captionOf,
  groupMessage,
  privateMessage,
  tgPrivateChat,
  topicMessage,
} from "./telegram-updates.js";
import type { TgMessageDraft } from "./telegram-updates.js";
import type { TgChat, TgFile, TgMessage, TgUpdate, TgUser } from "./telegram-types.js";

/** Options of the media inject methods. */
export interface TelegramMediaOptions {
  /** The chat it is posted in; the sender's private chat with the bot by default. */
  chat?: TgChat;
  caption?: string;
  /** Prefix the caption with `@<this bot>` (a mention in a group). */
  mention?: boolean;
  /** The file's download answers 404 from the start (an expired link), while getFile still knows it. */
  expired?: boolean;
}

/** How a test registers a bot with the fake. */
export interface TelegramBotInit {
  /** Bot token, `<id>:<secret>` as BotFather issues it. */
  token: string;
  /** The bot's username, without `@`. */
  username: string;
  /** The bot's user id; defaults to the number before `:` in the token. */
  id?: number;
  /** Display name; defaults to the username. */
  firstName?: string;
}

/** A message the bot sent (sendMessage, sendPhoto), as recorded for assertions. */
export interface SentTelegramMessage {
  chatId: number;
  text: string;
  messageId: number;
  replyToMessageId?: number;
  threadId?: number;
  parseMode?: string;
  /** The uploaded photo of a sendPhoto (its `text` is the caption, or empty). */
  photo?: { filename?: string | undefined; type: string; bytes: Buffer };
  /** The Message object the fake answered with. */
  message: TgMessage;
  /** Every parameter of the call, as decoded. */
  params: Readonly<Record<string, unknown>>;
}

/** The webhook a bot has set. */
export interface TelegramWebhook {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
}

/** Options of `waitForSentMessage`. */
export interface WaitForSentOptions extends Pick<WaitForOptions, "timeoutMs"> {
  /** Only messages to this chat. */
  chatId?: number;
  /** Resolve with the n-th such message (1-based). */
  n?: number;
}

/** One bot registered with the Telegram fake: its state, and the handle tests inject updates through. */
export class TelegramFakeBot {
  readonly token: string;
  readonly user: TgUser;
  readonly updates = new UpdateQueue(100_000_001);
  readonly sent = new RecordLog<SentTelegramMessage>("telegram sendMessage");
  webhook: TelegramWebhook | null = null;
  webhookError: { date: number; message: string } | null = null;
  commands: unknown[] = [];
  /** The bytes behind each `file_path` (`{apiRoot}/file/bot<token>/<file_path>`). */
  readonly files = new FakeFiles();
  readonly #fileIds = new Map<string, TgFile & { file_path: string }>();
  readonly #chats = new Map<number, TgChat>();
  readonly #messages = new Map<string, TgMessage>();
  readonly #threads = new Set<string>();
  readonly #lastMessageId = new Map<number, number>();

  constructor(init: TelegramBotInit) {
    this.token = init.token;
    const id = init.id ?? Number(init.token.split(":")[0]);
    if (!Number.isSafeInteger(id))
      throw new Error(`telegram fake: cannot derive a bot id from token "${init.token}"; pass id`);
    this.user = {
      id,
      is_bot: true,
      first_name: init.firstName ?? init.username,
      username: init.username,
    };
  }

  /** The bot's username. */
  get username(): string {
    return this.user.username ?? "";
  }

  /** Makes a chat known (sending to an unknown chat fails with "chat not found", as on Telegram). */
  addChat(chat: TgChat): void {
    this.#chats.set(chat.id, { ...this.#chats.get(chat.id), ...chat });
  }

  /** Looks a chat up by id or `@username`. */
  findChat(ref: number | string): TgChat | undefined {
    if (typeof ref === "number") return this.#chats.get(ref);
    const name = ref.replace(/^@/, "").toLowerCase();
    return [...this.#chats.values()].find((c) => c.username?.toLowerCase() === name);
  }

  /** Whether `threadId` is a known topic of forum `chatId`. */
  hasThread(chatId: number, threadId: number): boolean {
    return this.#threads.has(`${chatId}:${threadId}`);
  }

  /** Allocates the next message id of a chat (ids count per chat). */
  nextMessageId(chatId: number): number {
    const next = (this.#lastMessageId.get(chatId) ?? 0) + 1;
    this.#lastMessageId.set(chatId, next);
    return next;
  }

  /** Remembers a message so replies and edits can find it. */
  storeMessage(message: TgMessage): void {
    this.#messages.set(`${message.chat.id}:${message.message_id}`, message);
    const last = this.#lastMessageId.get(message.chat.id) ?? 0;
    if (message.message_id > last) this.#lastMessageId.set(message.chat.id, message.message_id);
    if (message.message_thread_id !== undefined && message.chat.is_forum)
      this.#threads.add(`${message.chat.id}:${message.message_thread_id}`);
  }

  /** A stored message, or undefined. */
  findMessage(chatId: number, messageId: number): TgMessage | undefined {
    return this.#messages.get(`${chatId}:${messageId}`);
  }

  /** Forgets a stored message (deleteMessage). */
  deleteMessage(chatId: number, messageId: number): boolean {
    return this.#messages.delete(`${chatId}:${messageId}`);
  }

  /** Injects an update of any kind; the fake assigns its update_id. */
  injectUpdate(body: Omit<TgUpdate, "update_id">): TgUpdate {
    return this.updates.push(body);
  }

  /** Injects an incoming message built with the update helpers; fills message_id and date. */
  injectMessage(draft: TgMessageDraft): TgUpdate {
    this.addChat(draft.chat);
    const message: TgMessage = {
      ...draft,
      message_id: draft.message_id ?? this.nextMessageId(draft.chat.id),
      date: draft.date ?? Math.floor(Date.now() / 1_000),
    };
    this.storeMessage(message);
    return this.updates.push({ message });
  }

  /** Injects a private-chat text message from `from`. */
  injectPrivateMessage(from: TgUser, text: string): TgUpdate {
    return this.injectMessage(privateMessage(from, text));
  }

  /** Injects a group message; `mention` prefixes `@<this bot>`, `replyTo` makes it a reply (e.g. to the bot). */
  injectGroupMessage(
    chat: TgChat,
    from: TgUser,
    text: string,
    options: { mention?: boolean; replyTo?: TgMessage } = {},
  ): TgUpdate {
    return this.injectMessage(
      groupMessage(chat, from, text, {
        ...(options.mention ? { mention: this.username } : {}),
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
      }),
    );
  }

  /** Injects a message in forum topic `threadId` of `chat`. */
  injectTopicMessage(
    chat: TgChat,
    from: TgUser,
    threadId: number,
    text: string,
    options: { mention?: boolean } = {},
  ): TgUpdate {
    return this.injectMessage(
      topicMessage(chat, from, threadId, text, options.mention ? { mention: this.username } : {}),
    );
  }

  /** Stores a file as Telegram would after an upload; getFile then answers it and its path serves `bytes`. */
  addFile(
    bytes: Uint8Array,
    options: { mimeType?: string; folder?: string; extension?: string } = {},
  ): TgFile {
    const n = this.#fileIds.size + 1;
    const file = {
      file_id: `AgAC${this.user.id}x${n}${"A".repeat(20)}`,
      file_unique_id: `AQAD${n}`,
      file_size: bytes.byteLength,
      file_path: `${options.folder ?? "documents"}/file_${n}.${options.extension ?? "bin"}`,
    };
    this.#fileIds.set(file.file_id, file);
    this.files.put(file.file_path, {
      bytes,
      contentType: options.mimeType ?? "application/octet-stream",
    });
    return file;
  }

  /** The file getFile answers for `fileId`. */
  findFile(fileId: string): (TgFile & { file_path: string }) | undefined {
    return this.#fileIds.get(fileId);
  }

  /** Makes the download of a file answer 404 (an expired link) while getFile still knows it. */
  expireFile(fileId: string): void {
    const file = this.#fileIds.get(fileId);
    if (file) this.files.delete(file.file_path);
  }

  /**
   * Injects a photo as Telegram delivers one: `photo` lists a 90 px thumbnail and the full size
   * (whose bytes are `image`, served as JPEG like every Telegram photo), with an optional caption.
   */
  injectPhotoMessage(
    from: TgUser,
    image: Uint8Array,
    options: TelegramMediaOptions = {},
  ): TgUpdate {
    const thumb = this.addFile(testImage("jpeg", 1_200, `thumb-${this.#fileIds.size}`), {
      mimeType: "image/jpeg",
      folder: "photos",
      extension: "jpg",
    });
    const full = this.addFile(image, {
      mimeType: "image/jpeg",
      folder: "photos",
      extension: "jpg",
    });
    if (options.expired) this.expireFile(full.file_id);
    const sizes = [
      { ...thumb, width: 90, height: 68 },
      { ...full, width: 1280, height: 960 },
    ].map(({ file_path: _path, ...size }) => size);
    return this.injectMessage({
      chat: options.chat ?? tgPrivateChat(from),
      from,
      photo: sizes,
      ...captionOf(options.caption, options.mention ? this.username : undefined),
    });
  }

  /** Injects a file sent as a document (`document` with name, MIME type and size), with an optional caption. */
  injectDocumentMessage(
    from: TgUser,
    bytes: Uint8Array,
    document: { fileName: string; mimeType: string },
    options: TelegramMediaOptions = {},
  ): TgUpdate {
    const extension = document.fileName.split(".").pop() ?? "bin";
    const { file_path: _path, ...file } = this.addFile(bytes, {
      mimeType: document.mimeType,
      extension,
    });
    if (options.expired) this.expireFile(file.file_id);
    return this.injectMessage({
      chat: options.chat ?? tgPrivateChat(from),
      from,
      document: { ...file, file_name: document.fileName, mime_type: document.mimeType },
      ...captionOf(options.caption, options.mention ? this.username : undefined),
    });
  }

  /** Messages the bot sent, optionally only those to one chat. */
  sentMessages(chatId?: number): SentTelegramMessage[] {
    return this.sent.filter((m) => chatId === undefined || m.chatId === chatId);
  }

  /** Resolves with the n-th (default first) message the bot sends to `chatId` (or anywhere). */
  async waitForSentMessage(options: WaitForSentOptions = {}): Promise<SentTelegramMessage> {
    const n = options.n ?? 1;
    const matches = await this.sent.waitFor(
      (m) => options.chatId === undefined || m.chatId === options.chatId,
      {
        count: n,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      },
    );
    return matches[n - 1] as SentTelegramMessage;
  }
}
