import { Api, InputFile } from "grammy";
import type { ForwardedHttpRequest, ForwardedHttpResponse } from "@clawfleet/bus";
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
import { ChannelsError, ChannelsErrorCode, errorMessage } from "../../errors.js";
import type { OffsetStore } from "../../state/offset-store.js";
import { telegramError } from "./telegram-errors.js";
import { grammyFetch, grammySignal } from "./grammy-compat.js";
import { telegramInboundMedia } from "./telegram-media.js";
import { normalizeTelegramUpdate } from "./telegram-normalize.js";
import { runTelegramPoller } from "./telegram-poller.js";
import { ALLOWED_UPDATES, type TelegramUpdate } from "./telegram-update.js";
import { parseWebhookRequest, textResponse, UpdateDeduper } from "./telegram-webhook-request.js";

/** What the Telegram adapter needs besides the account. */
export interface TelegramAdapterDeps {
  logger: Logger;
  offsets: OffsetStore;
}

function chatId(id: string): number | string {
  return /^-?\d+$/.test(id) ? Number(id) : id;
}

/** The reply and topic parameters of a send. */
function sendOptions(target: ReplyTarget, replyToMessageId: string | undefined) {
  return {
    ...(replyToMessageId
      ? {
          reply_parameters: {
            message_id: Number(replyToMessageId),
            allow_sending_without_reply: true,
          },
        }
      : {}),
    ...(target.threadId ? { message_thread_id: Number(target.threadId) } : {}),
  };
}

/** The Telegram connector (grammY's Bot API client): long polling or webhook, sending, typing. */
export class TelegramAdapter implements ChannelAdapter {
  readonly mode: string;
  readonly #api: Api;
  readonly #log: Logger;
  readonly #deduper = new UpdateDeduper();
  #events: AdapterEvents | undefined;
  #bot: BotIdentity | undefined;
  #stop: AbortController | undefined;
  #poller: Promise<void> | undefined;

  constructor(
    private readonly spec: AccountSpec,
    private readonly deps: TelegramAdapterDeps,
  ) {
    this.mode = spec.mode;
    this.#api = new Api(spec.token ?? "", {
      fetch: grammyFetch,
      ...(spec.apiBase ? { apiRoot: spec.apiBase } : {}),
    });
    this.#log = deps.logger.child({ subsystem: "telegram", account: spec.accountId });
  }

  async start(events: AdapterEvents, signal: AbortSignal): Promise<BotIdentity> {
    this.#events = events;
    this.#stop = new AbortController();
    const stopSignal = AbortSignal.any([signal, this.#stop.signal]);
    const me = await this.#api.getMe(grammySignal(stopSignal)).catch((error: unknown) => {
      throw telegramError(error, "getMe");
    });
    const bot: BotIdentity = { id: String(me.id), username: me.username, label: `@${me.username}` };
    this.#bot = bot;
    if (this.spec.mode === "webhook") {
      await this.#api
        .setWebhook(
          this.spec.webhookUrl ?? "",
          { secret_token: this.spec.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] },
          grammySignal(stopSignal),
        )
        .catch((error: unknown) => {
          const failure = telegramError(error, "setWebhook");
          // Telegram refusing the URL (not HTTPS, unreachable host) is the operator's to fix, not a blip.
          throw failure.code === ChannelsErrorCode.BadTarget
            ? new ChannelsError(
                ChannelsErrorCode.Refused,
                `${failure.message}: check channels.telegram.webhookUrl`,
                { cause: error },
              )
            : failure;
        });
    } else {
      // Polling and a webhook exclude each other; a leftover webhook would make every poll fail with 409.
      await this.#api.deleteWebhook({}, grammySignal(stopSignal)).catch((error: unknown) => {
        throw telegramError(error, "deleteWebhook");
      });
      this.#poller = runTelegramPoller({
        api: this.#api,
        offsets: this.deps.offsets,
        log: this.#log,
        handle: (update) => this.#handle(update),
        connection: (state) => events.connection(state),
        signal: stopSignal,
      }).catch((error: unknown) => {
        this.#log.error(`Telegram polling stopped: ${errorMessage(error)}`, { error });
        events.connection({
          connected: false,
          error: `Telegram polling stopped: ${errorMessage(error)}`,
        });
      });
    }
    this.#log.info(`logged in to telegram as ${bot.label} (${this.spec.mode})`);
    return bot;
  }

  async send(target: ReplyTarget, chunk: OutboundChunk, signal?: AbortSignal): Promise<string> {
    try {
      const sent = await this.#api.sendMessage(
        chatId(target.peer.id),
        chunk.text,
        sendOptions(target, chunk.replyToMessageId),
        grammySignal(signal),
      );
      return String(sent.message_id);
    } catch (error) {
      throw telegramError(error, "sendMessage");
    }
  }

  /** Uploads the image with sendPhoto (multipart), no caption: the text follows as its own messages. */
  async sendImage(
    target: ReplyTarget,
    image: OutboundImage,
    signal?: AbortSignal,
  ): Promise<string> {
    try {
      const sent = await this.#api.sendPhoto(
        chatId(target.peer.id),
        new InputFile(image.bytes, image.fileName),
        sendOptions(target, image.replyToMessageId),
        grammySignal(signal),
      );
      return String(sent.message_id);
    } catch (error) {
      throw telegramError(error, "sendPhoto");
    }
  }

  async typing(target: ReplyTarget): Promise<void> {
    await this.#api
      .sendChatAction(
        chatId(target.peer.id),
        "typing",
        target.threadId ? { message_thread_id: Number(target.threadId) } : {},
      )
      .catch((error: unknown) => {
        throw telegramError(error, "sendChatAction");
      });
  }

  async handleWebhook(request: ForwardedHttpRequest): Promise<ForwardedHttpResponse> {
    const parsed = parseWebhookRequest(request, this.spec.webhookSecret);
    if (!parsed.ok) {
      this.#log.warn(
        `rejected a webhook request: ${parsed.response.status} ${parsed.response.body}`,
      );
      return parsed.response;
    }
    if (!this.#bot) return textResponse(503, "the Telegram connector is still starting");
    const { update } = parsed;
    const handled = await this.#deduper.run(update.update_id, () =>
      this.#handle(update).catch((error: unknown) => {
        this.#log.warn(`could not hand on update ${update.update_id}: ${errorMessage(error)}`);
        throw error;
      }),
    );
    return handled
      ? { status: 200, headers: {}, body: "" }
      : textResponse(500, "could not hand the update on; Telegram will retry");
  }

  async stop(): Promise<void> {
    this.#stop?.abort();
    await this.#poller;
    this.#poller = undefined;
  }

  async #handle(update: TelegramUpdate): Promise<void> {
    const bot = this.#bot;
    if (!bot || !this.#events) throw new Error("not started");
    const normalized = normalizeTelegramUpdate(update, this.spec.accountId, bot);
    if (!normalized.ok) {
      if (normalized.invalid)
        this.#log.warn(`skipped update ${update.update_id}: ${normalized.reason}`);
      else this.#log.debug(`skipped update ${update.update_id}: ${normalized.reason}`);
      return;
    }
    const media = normalized.media.map((ref) =>
      telegramInboundMedia(ref, this.#api, this.spec.token ?? "", this.spec.apiBase),
    );
    await this.#events.inbound(normalized.message, bot, media);
  }
}

/** Creates the Telegram adapter of an account. */
export function createTelegramAdapter(
  spec: AccountSpec,
  deps: TelegramAdapterDeps,
): ChannelAdapter {
  return new TelegramAdapter(spec, deps);
}
