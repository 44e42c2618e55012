import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { parseInboundMessage, type ReplyTarget } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../../domain/account-spec.js";
import type {
  AdapterEvents,
  BotIdentity,
  ChannelAdapter,
  OutboundChunk,
  OutboundImage,
} from "../../domain/channel-adapter.js";
import { errorMessage } from "../../errors.js";
import { slackError } from "./slack-errors.js";
import { slackInboundMedia } from "./slack-media.js";
import { normalizeSlackMessage, type SlackMessageEvent } from "./slack-normalize.js";

/** What the Slack adapter needs besides the account. */
export interface SlackAdapterDeps {
  logger: Logger;
}

/** Bolt's logger interface, bridged to ours (its chatter at debug). */
function boltLogger(log: Logger) {
  const line =
    (level: "debug" | "warn") =>
    (...parts: unknown[]) =>
      log[level](
        `bolt: ${parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ")}`,
      );
  return {
    debug: line("debug"),
    info: line("debug"),
    warn: line("debug"),
    error: line("warn"),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

/**
 * The Slack connector: Bolt in Socket Mode (`botToken` + `appToken`, no public URL needed). The
 * bot's identity comes from `auth.test`, which also refuses a wrong bot token before connecting.
 * Sends go through Bolt's Web API client with rate limits handed back (`retry_after`), so the
 * outbox waits them out; Slack has no typing indicator for bots.
 */
export class SlackAdapter implements ChannelAdapter {
  readonly mode = "socket";
  readonly #log: Logger;
  #app: App | undefined;

  constructor(
    private readonly spec: AccountSpec,
    deps: SlackAdapterDeps,
  ) {
    this.#log = deps.logger.child({ subsystem: "slack", account: spec.accountId });
  }

  async start(events: AdapterEvents): Promise<BotIdentity> {
    const clientOptions = {
      ...(this.spec.apiBase ? { slackApiUrl: this.spec.apiBase } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    };
    const logger = boltLogger(this.#log);
    const receiver = new SocketModeReceiver({
      appToken: this.spec.appToken ?? "",
      logger,
      installerOptions: { clientOptions },
    });
    // Token verification is ours (auth.test below, with a clear error); Bolt's own would run in its
    // constructor and reject unobserved on a wrong token.
    const app = new App({
      token: this.spec.token ?? "",
      receiver,
      logger,
      clientOptions,
      tokenVerificationEnabled: false,
    });
    this.#app = app;
    const auth = await app.client.auth.test().catch((error: unknown) => {
      throw slackError(error, "auth.test");
    });
    const bot: BotIdentity = {
      id: String(auth.user_id ?? ""),
      username: String(auth.user ?? ""),
      label: `@${String(auth.user ?? "")} (${String(auth.team ?? "")})`,
    };
    app.event("message", async ({ event }) => {
      await this.#handle(event as unknown as SlackMessageEvent, events, bot);
    });
    app.error(async (error) => {
      this.#log.warn(`Slack listener failed: ${errorMessage(error)}`);
    });
    await app.start().catch((error: unknown) => {
      throw slackError(error, "apps.connections.open");
    });
    this.#log.info(`logged in to slack as ${bot.label} (socket mode)`);
    return bot;
  }

  async send(target: ReplyTarget, chunk: OutboundChunk): Promise<string> {
    if (!this.#app) throw slackError(new Error("not started"), "chat.postMessage");
    try {
      const sent = await this.#app.client.chat.postMessage({
        channel: target.peer.id,
        text: chunk.text,
        ...(target.threadId ? { thread_ts: target.threadId } : {}),
      });
      return String(sent.ts ?? chunk.idempotencyKey);
    } catch (error) {
      throw slackError(error, "chat.postMessage");
    }
  }

  /**
   * Shares the image in the chat through Slack's external upload flow (files.getUploadURLExternal,
   * the upload, files.completeUploadExternal — what the SDK's filesUploadV2 does); needs `files:write`.
   */
  async sendImage(target: ReplyTarget, image: OutboundImage): Promise<string> {
    if (!this.#app) throw slackError(new Error("not started"), "files.uploadV2");
    try {
      const file = { file: Buffer.from(image.bytes), filename: image.fileName };
      const done = await this.#app.client.filesUploadV2(
        target.threadId
          ? { ...file, channel_id: target.peer.id, thread_ts: target.threadId }
          : { ...file, channel_id: target.peer.id },
      );
      const files = (done as { files?: { files?: { id?: string }[] }[] }).files;
      return files?.[0]?.files?.[0]?.id ?? image.idempotencyKey;
    } catch (error) {
      throw slackError(error, "files.uploadV2");
    }
  }

  async typing(): Promise<void> {
    // Slack offers bots no typing indicator over the Web API or Socket Mode.
  }

  async stop(): Promise<void> {
    const app = this.#app;
    this.#app = undefined;
    await app?.stop().catch((error: unknown) => {
      this.#log.debug(`Slack stop: ${errorMessage(error)}`);
    });
  }

  async #handle(event: SlackMessageEvent, events: AdapterEvents, bot: BotIdentity): Promise<void> {
    const normalized = normalizeSlackMessage(event, this.spec.accountId, bot);
    if (!normalized.ok) return this.#log.debug(`skipped event: ${normalized.reason}`);
    const parsed = parseInboundMessage(normalized.message);
    if (!parsed.ok) return this.#log.warn(`skipped an invalid event: ${parsed.errors.join("; ")}`);
    const media = (event.files ?? []).map((file) =>
      slackInboundMedia(file, this.spec.token ?? "", this.spec.apiBase),
    );
    await events.inbound(parsed.message, bot, media);
  }
}

/** Creates the Slack adapter of an account. */
export function createSlackAdapter(spec: AccountSpec, deps: SlackAdapterDeps): ChannelAdapter {
  return new SlackAdapter(spec, deps);
}
