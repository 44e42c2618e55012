import { once } from "node:events";
import { createHash } from "node:crypto";
import {
  Client,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
  type Message,
  type SendableChannels,
} from "discord.js";
import type { ReplyTarget } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../../domain/account-spec.js";
import type {
  AdapterEvents,
  BotIdentity,
  ChannelAdapter,
  OutboundChunk,
  OutboundImage,
} from "../../domain/channel-adapter.js";
import { backoffDelay, sleep } from "../../domain/retry-timing.js";
import { ChannelsError, ChannelsErrorCode, errorMessage } from "../../errors.js";
import { discordError, FATAL_CLOSE_CODES } from "./discord-errors.js";
import { discordInboundMedia } from "./discord-media.js";
import { normalizeDiscordMessage } from "./discord-normalize.js";
import { ReconnectMonitor } from "./reconnect-monitor.js";

/** What the Discord adapter needs besides the account. */
export interface DiscordAdapterDeps {
  logger: Logger;
}

const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];
const LOGIN_TIMEOUT_MS = 60_000;
/** The connector reads messages as they arrive and never looks them up later: small caches keep a long-running process lean. */
const CACHES = {
  makeCache: Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    MessageManager: 25,
    PresenceManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
  }),
  sweepers: { ...Options.DefaultSweeperSettings, messages: { interval: 3600, lifetime: 1800 } },
};
/** Attempts to hand a received message on before it is logged as lost (about a minute in all). */
const INBOUND_ATTEMPTS = 8;

/** A promise that rejects with the signal's reason once it aborts. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });
}

/** Discord's `nonce` is at most 25 characters; with `enforce_nonce` a repeated send returns the first message instead. */
function nonceFor(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 25);
}

/** The Discord connector (discord.js): gateway connection, messages in and out, typing. */
export class DiscordAdapter implements ChannelAdapter {
  readonly mode = "gateway";
  readonly #log: Logger;
  #client: Client | undefined;
  #bot: BotIdentity | undefined;

  constructor(
    private readonly spec: AccountSpec,
    deps: DiscordAdapterDeps,
  ) {
    this.#log = deps.logger.child({ subsystem: "discord", account: spec.accountId });
  }

  async start(events: AdapterEvents, signal: AbortSignal): Promise<BotIdentity> {
    await this.stop();
    const client = new Client({
      intents: INTENTS,
      partials: [Partials.Channel],
      ...CACHES,
      ...(this.spec.apiBase ? { rest: { api: this.spec.apiBase } } : {}),
    });
    this.#client = client;
    const fatal = new AbortController();
    const monitor = new ReconnectMonitor((count, windowMs) =>
      events.connection({
        connected: false,
        error: `Discord gateway reconnect storm: ${count} reconnects within ${Math.round(windowMs / 1000)} s`,
      }),
    );
    client.on(Events.ShardDisconnect, (event) => {
      const reason =
        FATAL_CLOSE_CODES[event.code] ??
        `Discord gateway closed (${event.code}) and will not reconnect`;
      events.connection({ connected: false, error: reason });
      fatal.abort(
        new ChannelsError(
          event.code === 4004 ? ChannelsErrorCode.Unauthorized : ChannelsErrorCode.Refused,
          reason,
        ),
      );
    });
    client.on(Events.ShardReconnecting, () => {
      monitor.reconnecting();
      events.connection({ connected: false });
    });
    client.on(Events.ShardResume, () => events.connection({ connected: true }));
    client.on(Events.ShardReady, () => events.connection({ connected: true }));
    client.on(Events.Error, (error) =>
      this.#log.warn(`discord client error: ${errorMessage(error)}`),
    );
    client.on(Events.MessageCreate, (message) => {
      // A malformed event must never become an unhandled rejection (that would end the process).
      this.#receive(message, events).catch((error: unknown) =>
        this.#log.warn(`skipped message ${message.id}: ${errorMessage(error)}`),
      );
    });
    try {
      // Login waits for READY; it gives up when the lease goes, the gateway refuses us for good, or it takes too long.
      const giveUp = AbortSignal.any([signal, fatal.signal, AbortSignal.timeout(LOGIN_TIMEOUT_MS)]);
      const ready = once(client, Events.ClientReady, { signal: giveUp });
      ready.catch(() => {});
      await Promise.race([client.login(this.spec.token).then(() => ready), rejectOnAbort(giveUp)]);
    } catch (error) {
      await this.stop();
      if (fatal.signal.aborted) throw fatal.signal.reason as ChannelsError;
      if (signal.aborted)
        throw new ChannelsError(
          ChannelsErrorCode.Unavailable,
          "stopped while logging in to Discord",
        );
      if (error instanceof DOMException && error.name === "TimeoutError") {
        throw new ChannelsError(
          ChannelsErrorCode.Unavailable,
          `Discord login did not complete within ${LOGIN_TIMEOUT_MS / 1000} s`,
          { cause: error },
        );
      }
      throw discordError(error, "login");
    }
    const user = client.user!;
    this.#bot = { id: user.id, username: user.username, label: user.tag };
    this.#log.info(`logged in to discord as ${user.tag}`);
    return this.#bot;
  }

  async send(target: ReplyTarget, chunk: OutboundChunk): Promise<string> {
    const channel = await this.#channel(target, "send");
    try {
      const sent = await channel.send({
        content: chunk.text,
        ...(chunk.replyToMessageId
          ? { reply: { messageReference: chunk.replyToMessageId, failIfNotExists: false } }
          : {}),
        // Model output must not ping @everyone, @here or roles; user mentions and the reply ping stay.
        allowedMentions: { parse: ["users"], repliedUser: true },
        nonce: nonceFor(chunk.idempotencyKey),
        enforceNonce: true,
      });
      return sent.id;
    } catch (error) {
      throw discordError(error, "createMessage");
    }
  }

  /** Sends the image as a message with one uploaded file (multipart), no text: the text follows on its own. */
  async sendImage(target: ReplyTarget, image: OutboundImage): Promise<string> {
    const channel = await this.#channel(target, "send");
    try {
      const sent = await channel.send({
        files: [{ attachment: Buffer.from(image.bytes), name: image.fileName }],
        ...(image.replyToMessageId
          ? { reply: { messageReference: image.replyToMessageId, failIfNotExists: false } }
          : {}),
        allowedMentions: { parse: ["users"], repliedUser: true },
        nonce: nonceFor(image.idempotencyKey),
        enforceNonce: true,
      });
      return sent.id;
    } catch (error) {
      throw discordError(error, "createMessage");
    }
  }

  async typing(target: ReplyTarget): Promise<void> {
    const channel = await this.#channel(target, "typing");
    await channel.sendTyping().catch((error: unknown) => {
      throw discordError(error, "triggerTyping");
    });
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    // Our own close must not be reported as a dropped connection.
    client.removeAllListeners();
    await client.destroy().catch(() => {});
  }

  async #channel(target: ReplyTarget, what: string): Promise<SendableChannels> {
    const client = this.#client;
    if (!client)
      throw new ChannelsError(ChannelsErrorCode.Unavailable, "the Discord connection is not open");
    try {
      const channel =
        target.peer.kind === "dm"
          ? await client.users.createDM(target.peer.id)
          : await client.channels.fetch(target.threadId ?? target.peer.id);
      if (channel?.isSendable()) return channel;
    } catch (error) {
      throw discordError(error, what);
    }
    throw new ChannelsError(
      ChannelsErrorCode.BadTarget,
      `Discord ${what}: ${target.peer.kind} ${target.peer.id} is not a channel the bot can write to`,
    );
  }

  async #receive(message: Message, events: AdapterEvents): Promise<void> {
    const bot = this.#bot;
    if (!bot) return;
    const normalized = normalizeDiscordMessage(message, this.spec.accountId, bot);
    if (!normalized.ok) {
      if (normalized.invalid) this.#log.warn(`skipped message ${message.id}: ${normalized.reason}`);
      else this.#log.debug(`skipped message ${message.id}: ${normalized.reason}`);
      return;
    }
    const media = normalized.media.map((ref) => discordInboundMedia(ref, this.spec.apiBase));
    // Discord does not redeliver a message event, so a bus hiccup is retried here for a while.
    for (let attempt = 1; ; attempt++) {
      try {
        return await events.inbound(normalized.message, bot, media);
      } catch (error) {
        if (attempt >= INBOUND_ATTEMPTS || !this.#client) {
          this.#log.error(
            `lost Discord message ${message.id} after ${attempt} attempts: ${errorMessage(error)}`,
          );
          return;
        }
        await sleep(backoffDelay(attempt, 500, 10_000));
      }
    }
  }
}

/** Creates the Discord adapter of an account. */
export function createDiscordAdapter(spec: AccountSpec, deps: DiscordAdapterDeps): ChannelAdapter {
  return new DiscordAdapter(spec, deps);
}
