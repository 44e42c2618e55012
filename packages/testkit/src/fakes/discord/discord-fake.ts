import type { IncomingMessage, ServerResponse } from "node:http";
import { abortableSleep } from "../shared/abortable-sleep.js";
import { FakeFiles } from "../shared/fake-files.js";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { FaultQueue } from "../shared/fault-queue.js";
import type { CommonFault } from "../shared/fault-queue.js";
import { RecordLog } from "../shared/record-log.js";
import { BodyParseError, parseBody, readBody, sendJson } from "../shared/request-body.js";
import { DiscordFakeBot } from "./discord-fake-bot.js";
import type { SentDiscordMessage } from "./discord-fake-bot.js";
import { DiscordGateway } from "./discord-gateway.js";
import type { GatewayLogEntry } from "./discord-gateway.js";
import { messageCreateFor } from "./discord-message-events.js";
import { matchRoute } from "./discord-rest.js";
import type { DiscordRestAnswer, DiscordRouteName } from "./discord-rest.js";
import { DiscordApiError, DiscordChannelType } from "./discord-types.js";
import type { DiscordChannel, DiscordMessage, DiscordUser } from "./discord-types.js";
import { DiscordWorld } from "./discord-world.js";
import type { DiscordBotInit, DiscordGuildInit, DiscordGuildRecord } from "./discord-world.js";

/** A fault the Discord fake can inject into the next calls of a REST route. */
export type DiscordFault =
  | CommonFault
  | { readonly kind: "rateLimit"; readonly retryAfter: number; readonly global?: boolean }
  | {
      readonly kind: "error";
      readonly status: number;
      readonly code: number;
      readonly message: string;
    };

/** One REST call the fake answered. */
export interface DiscordCall {
  token: string | null;
  method: string;
  path: string;
  route: DiscordRouteName | null;
  body: Readonly<Record<string, unknown>>;
  /** HTTP status answered (0 when the socket was dropped). */
  status: number;
  at: number;
}

/** Options of `DiscordFake`. */
export interface DiscordFakeOptions {
  /** heartbeat_interval sent in HELLO. */
  heartbeatIntervalMs?: number;
  /** Added before every REST answer. */
  latencyMs?: number;
}

/** Defaults of `DiscordFakeOptions`. */
export const DefaultDiscordFakeOptions = {
  heartbeatIntervalMs: 41_250,
  latencyMs: 0,
} as const satisfies Required<DiscordFakeOptions>;

const ApiPrefix = "/api/v10";

/**
 * A local Discord: REST under `{url}/api/v10`, the gateway WebSocket and the attachment CDN
 * (`{url}/attachments/…`, standing in for cdn.discordapp.com) on the same port.
 * discord.js reaches it with `new Client({ rest: { api: fake.apiBase }, … })`.
 */
export class DiscordFake {
  /** Every REST call answered. */
  readonly calls = new RecordLog<DiscordCall>("discord REST calls");
  /** Gateway connects, identifies, resumes, heartbeats and closes. */
  readonly gatewayLog = new RecordLog<GatewayLogEntry>("discord gateway");
  /** Every message a bot created. */
  readonly sent = new RecordLog<SentDiscordMessage>("discord sent messages");
  readonly world = new DiscordWorld();
  /** The CDN files attachments point at (`/attachments/<channel>/<id>/<name>`). */
  readonly files = new FakeFiles();
  readonly #options: Required<DiscordFakeOptions>;
  readonly #gateway: DiscordGateway;
  readonly #server: FakeHttpServer;
  readonly #faults = new FaultQueue<DiscordFault>();

  constructor(options: DiscordFakeOptions = {}) {
    this.#options = { ...DefaultDiscordFakeOptions, ...options };
    this.#gateway = new DiscordGateway(this.world, {
      heartbeatIntervalMs: this.#options.heartbeatIntervalMs,
      log: this.gatewayLog,
    });
    this.#server = new FakeHttpServer(
      (req, res) => this.#handle(req, res),
      (req, socket, head) => this.#gateway.handleUpgrade(req, socket, head),
    );
  }

  /** Starts listening; resolves with the base URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    const url = await this.#server.start();
    this.#gateway.setBaseUrl(url);
    return url;
  }

  /** Closes every socket and the listener. */
  async stop(): Promise<void> {
    this.#gateway.stop();
    await this.#server.stop();
  }

  /** The value for discord.js's `rest.api` option (`<url>/api`). */
  get apiBase(): string {
    return `${this.#server.url}/api`;
  }

  /** Registers a bot application; returns its handle. */
  addBot(init: DiscordBotInit): DiscordFakeBot {
    return this.#handleFor(this.world.addBot(init).token);
  }

  /** The handle of a registered bot. */
  bot(token: string): DiscordFakeBot {
    return this.#handleFor(token);
  }

  /** Registers a human user (author of injected messages). */
  addUser(username: string, id?: string): DiscordUser {
    return this.world.addUser(username, id);
  }

  /** Creates a guild with named text channels and threads; bots registered so far join it unless `bots` says otherwise. */
  addGuild(init: DiscordGuildInit): DiscordGuildRecord {
    return this.world.addGuild(init);
  }

  /** The id of a guild channel by name. */
  channelId(guild: DiscordGuildRecord, name: string): string {
    const channel = this.world.channelByName(guild.id, name);
    if (!channel) throw new Error(`discord fake: guild "${guild.name}" has no channel "${name}"`);
    return channel.id;
  }

  /** Makes the next `times` calls of a REST route (`"*"` = any) fail as `fault` says. */
  failNext(route: DiscordRouteName | "*", fault: DiscordFault, times = 1): void {
    this.#faults.add(route, fault, times);
  }

  /** Makes an attachment's CDN URL answer 404 (a deleted message or an expired link). */
  expireAttachment(url: string): void {
    this.files.delete(new URL(url).pathname);
  }

  /** Disarms every pending fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  #handleFor(token: string): DiscordFakeBot {
    const record = this.world.bots.get(token);
    if (!record) throw new Error(`discord fake: no bot with token ${token.slice(0, 6)}…`);
    return new DiscordFakeBot(record, {
      world: this.world,
      gateway: this.#gateway,
      sent: this.sent,
      files: this.files,
      cdnBase: () => this.#server.url,
      publish: (e, m, c) => this.#publish(e, m, c),
    });
  }

  #publish(
    event: "MESSAGE_CREATE" | "MESSAGE_UPDATE",
    message: DiscordMessage,
    channel: DiscordChannel,
  ): void {
    if (channel.type === DiscordChannelType.DM) {
      const owner = [...this.world.bots.values()].find(
        (b) => b.user.id === this.world.dmOwner(channel.id),
      );
      if (owner)
        this.#gateway.dispatch(owner.token, event, (s) => messageCreateFor(s, message, channel));
      return;
    }
    const guild = this.world.guilds.get(channel.guild_id ?? "");
    for (const token of guild?.botTokens ?? []) {
      this.#gateway.dispatch(token, event, (s) => messageCreateFor(s, message, channel), guild?.id);
    }
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const method = req.method ?? "GET";
    if (method === "GET" && url.pathname.startsWith("/attachments/"))
      return this.files.serve(res, url.pathname);
    const raw = await readBody(req);
    const record = (
      route: DiscordRouteName | null,
      token: string | null,
      body: Record<string, unknown>,
      status: number,
    ): void =>
      this.calls.push({ token, method, path: url.pathname, route, body, status, at: Date.now() });
    const found = url.pathname.startsWith(`${ApiPrefix}/`)
      ? matchRoute(method, url.pathname.slice(ApiPrefix.length))
      : null;
    if (found === null || found === "methodMismatch") {
      const status = found === null ? 404 : 405;
      record(null, null, {}, status);
      return sendJson(res, status, {
        message: status === 404 ? "404: Not Found" : "405: Method Not Allowed",
        code: 0,
      });
    }
    const token = /^Bot\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? null;
    const bot = token === null ? undefined : this.world.bots.get(token);
    let body: Record<string, unknown> = {};
    let answer: DiscordRestAnswer;
    const fault = this.#faults.take(found.route.name);
    try {
      body = await parseBody(req, raw);
      if (found.route.auth && !bot) throw new DiscordApiError(401, 0, "401: Unauthorized");
      if (fault?.kind === "drop") {
        record(found.route.name, token, body, 0);
        req.socket.destroy();
        return;
      }
      await abortableSleep(
        this.#options.latencyMs + (fault?.kind === "delay" ? fault.ms : 0),
        this.#server.signal,
      );
      if (fault?.kind === "rateLimit")
        return this.#rateLimited(res, fault, () => record(found.route.name, token, body, 429));
      if (fault?.kind === "error")
        throw new DiscordApiError(fault.status, fault.code, fault.message);
      answer = found.route.handle({
        world: this.world,
        bot: bot ?? null,
        params: found.params,
        body,
        gatewayUrl: this.#gateway.url,
        publish: (e, m, c) => this.#publish(e, m, c),
      });
    } catch (error) {
      if (error instanceof BodyParseError)
        answer = { status: 400, body: { message: "400: Bad Request", code: 0 } };
      else if (error instanceof DiscordApiError)
        answer = { status: error.status, body: error.body };
      else throw error;
    }
    record(found.route.name, token, body, answer.status);
    if (found.route.name === "createMessage" && answer.status === 200 && bot)
      this.#recordSent(bot.token, answer.body as DiscordMessage, body);
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
      return;
    }
    sendJson(res, answer.status, answer.body);
  }

  #recordSent(token: string, message: DiscordMessage, body: Record<string, unknown>): void {
    const channel = this.world.channels.get(message.channel_id);
    this.sent.push({
      token,
      channelId: message.channel_id,
      content: message.content,
      messageId: message.id,
      message,
      body,
      ...(channel?.guild_id ? { guildId: channel.guild_id } : {}),
      ...(message.message_reference
        ? { replyToMessageId: message.message_reference.message_id }
        : {}),
    });
  }

  #rateLimited(
    res: ServerResponse,
    fault: { retryAfter: number; global?: boolean },
    record: () => void,
  ): void {
    record();
    const global = fault.global ?? false;
    sendJson(
      res,
      429,
      { message: "You are being rate limited.", retry_after: fault.retryAfter, global },
      {
        "retry-after": String(Math.ceil(fault.retryAfter)),
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": (Date.now() / 1_000 + fault.retryAfter).toFixed(3),
        "x-ratelimit-reset-after": fault.retryAfter.toFixed(3),
        "x-ratelimit-bucket": "fakebucket0000000000000000000000",
        "x-ratelimit-scope": global ? "global" : "user",
        ...(global ? { "x-ratelimit-global": "true" } : {}),
      },
    );
  }
}
