import type { FakeFiles } from "../shared/fake-files.js";
import type { RecordLog, WaitForOptions } from "../shared/record-log.js";
import type { DiscordGateway } from "./discord-gateway.js";
import { messageObject, parseMentions } from "./discord-payloads.js";
import { nextSnowflake } from "./discord-snowflake.js";
import { DiscordChannelType } from "./discord-types.js";
import type { DiscordChannel, DiscordMessage, DiscordUser } from "./discord-types.js";
import type { DiscordBotRecord, DiscordGuildRecord, DiscordWorld } from "./discord-world.js";

/** A message a bot created through REST, as recorded for assertions. */
export interface SentDiscordMessage {
  token: string;
  channelId: string;
  guildId?: string;
  content: string;
  messageId: string;
  replyToMessageId?: string;
  /** The message object the fake answered with. */
  message: DiscordMessage;
  /** The decoded request body. */
  body: Readonly<Record<string, unknown>>;
}

/** What the bot handle needs from its fake. */
export interface DiscordFakeBotDeps {
  world: DiscordWorld;
  gateway: DiscordGateway;
  sent: RecordLog<SentDiscordMessage>;
  /** The CDN files attachments point at. */
  files: FakeFiles;
  /** The base URL attachment URLs start with (the fake's own, standing in for cdn.discordapp.com). */
  cdnBase: () => string;
  publish: (
    event: "MESSAGE_CREATE" | "MESSAGE_UPDATE",
    message: DiscordMessage,
    channel: DiscordChannel,
  ) => void;
}

/** Options of the inject methods. */
export interface InjectMessageOptions {
  /** Mention this bot: `<@id>` in front of the content and the bot in `mentions`. */
  mention?: boolean;
  /** Make the message a reply (the replied author is pinged, as Discord does by default). */
  replyTo?: DiscordMessage;
  /** Files attached to the message, served on the fake's CDN at each attachment's `url`. */
  attachments?: InjectedAttachment[];
  /** Stickers sent with the message, by name (Discord's `sticker_items`, PNG format). */
  stickers?: string[];
}

/** A file to attach to an injected message; `expired` makes its URL answer 404 from the start. */
export interface InjectedAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  expired?: boolean;
}

/** An attachment object as Discord sends it on a message. */
export interface DiscordAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
}

/** Options of `waitForSentMessage`. */
export interface WaitForDiscordSentOptions extends Pick<WaitForOptions, "timeoutMs"> {
  channelId?: string;
  /** Resolve with the n-th such message (1-based). */
  n?: number;
}

/** One bot registered with the Discord fake: the handle tests inject messages and read its output through. */
export class DiscordFakeBot {
  readonly #record: DiscordBotRecord;
  readonly #deps: DiscordFakeBotDeps;

  constructor(record: DiscordBotRecord, deps: DiscordFakeBotDeps) {
    this.#record = record;
    this.#deps = deps;
  }

  /** The bot token. */
  get token(): string {
    return this.#record.token;
  }

  /** The bot user. */
  get user(): DiscordUser {
    return this.#record.user;
  }

  /** Posts a message by `author` in a guild channel or thread (by name or id) and dispatches MESSAGE_CREATE. */
  injectGuildMessage(
    guild: DiscordGuildRecord,
    channel: string,
    author: DiscordUser,
    content: string,
    options: InjectMessageOptions = {},
  ): DiscordMessage {
    const target =
      this.#deps.world.channelByName(guild.id, channel) ?? this.#deps.world.channels.get(channel);
    if (!target || target.guild_id !== guild.id)
      throw new Error(`discord fake: guild "${guild.name}" has no channel "${channel}"`);
    guild.memberIds.add(author.id);
    return this.#inject(target, author, content, options);
  }

  /** Sends a DM from `author` to this bot and dispatches MESSAGE_CREATE (with `channel_type: 1`, no guild_id). */
  injectDirectMessage(
    author: DiscordUser,
    content: string,
    options: Omit<InjectMessageOptions, "mention"> = {},
  ): DiscordMessage {
    return this.#inject(
      this.#deps.world.dmChannelFor(this.#record, author),
      author,
      content,
      options,
    );
  }

  /** Messages this bot created, optionally only in one channel. */
  sentMessages(channelId?: string): SentDiscordMessage[] {
    return this.#deps.sent.filter(
      (m) => m.token === this.token && (channelId === undefined || m.channelId === channelId),
    );
  }

  /** Resolves with the n-th (default first) message this bot creates in `channelId` (or anywhere). */
  async waitForSentMessage(options: WaitForDiscordSentOptions = {}): Promise<SentDiscordMessage> {
    const n = options.n ?? 1;
    const matches = await this.#deps.sent.waitFor(
      (m) =>
        m.token === this.token &&
        (options.channelId === undefined || m.channelId === options.channelId),
      { count: n, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) },
    );
    return matches[n - 1] as SentDiscordMessage;
  }

  /** The DM channel between this bot and `user` (created if needed). */
  dmChannelWith(user: DiscordUser): DiscordChannel {
    return this.#deps.world.dmChannelFor(this.#record, user);
  }

  /** Closes this bot's gateway sockets (code 4000 by default: resumable); `abrupt` kills the TCP connection instead. */
  closeGateway(options: { code?: number; reason?: string; abrupt?: boolean } = {}): number {
    return this.#deps.gateway.closeSockets(
      this.token,
      options.code,
      options.reason,
      options.abrupt,
    );
  }

  /** Sends op 7 Reconnect to this bot's sockets. */
  requestReconnect(): void {
    this.#deps.gateway.requestReconnect(this.token);
  }

  #inject(
    channel: DiscordChannel,
    author: DiscordUser,
    content: string,
    options: InjectMessageOptions,
  ): DiscordMessage {
    const text = options.mention ? `<@${this.user.id}> ${content}` : content;
    const mentions = parseMentions(text, (id) => this.#deps.world.users.get(id));
    if (options.replyTo && !mentions.some((u) => u.id === options.replyTo?.author.id))
      mentions.push(options.replyTo.author);
    const id = nextSnowflake();
    const message = messageObject({
      id,
      channelId: channel.id,
      author,
      content: text,
      mentions,
      ...(options.replyTo ? { referenced: options.replyTo } : {}),
      ...(channel.type !== DiscordChannelType.DM && channel.guild_id
        ? { guildId: channel.guild_id }
        : {}),
    });
    message.attachments = (options.attachments ?? []).map((file) => this.#attach(channel, file));
    if (options.stickers?.length)
      message.sticker_items = options.stickers.map((name) => ({
        id: nextSnowflake(),
        name,
        format_type: 1,
      }));
    this.#deps.world.messages.set(message.id, message);
    channel.last_message_id = message.id;
    this.#deps.publish("MESSAGE_CREATE", message, channel);
    return message;
  }

  #attach(channel: DiscordChannel, file: InjectedAttachment): DiscordAttachment {
    const id = nextSnowflake();
    const path = `/attachments/${channel.id}/${id}/${encodeURIComponent(file.fileName)}`;
    if (!file.expired)
      this.#deps.files.put(path, { bytes: file.bytes, contentType: file.contentType });
    // Signed, expiring CDN URLs as Discord has sent since 2024 (the fake does not check the signature).
    const expires = Math.floor(Date.now() / 1000 + 86_400).toString(16);
    const query = `?ex=${expires}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${"0".repeat(64)}&`;
    return {
      id,
      filename: file.fileName,
      size: file.bytes.byteLength,
      url: `${this.#deps.cdnBase()}${path}${query}`,
      proxy_url: `${this.#deps.cdnBase()}${path}${query}`,
      content_type: file.contentType,
    };
  }
}
