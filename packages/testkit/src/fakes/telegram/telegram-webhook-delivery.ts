import { abortableSleep } from "../shared/abortable-sleep.js";
import type { RecordLog } from "../shared/record-log.js";
import type { TelegramFakeBot } from "./telegram-fake-bot.js";

/** One attempt to deliver an update to a bot's webhook. */
export interface WebhookDeliveryRecord {
  token: string;
  url: string;
  updateId: number;
  /** HTTP status of the answer, or 0 when the connection failed. */
  status: number;
  error?: string;
}

/** Runs a Bot API method on behalf of a webhook reply (a JSON answer with a `method` field). */
export type WebhookReplyExecutor = (
  bot: TelegramFakeBot,
  method: string,
  params: Record<string, unknown>,
) => Promise<void>;

/** Settings of `WebhookDelivery`. */
export interface WebhookDeliveryOptions {
  log: RecordLog<WebhookDeliveryRecord>;
  executeReply: WebhookReplyExecutor;
  signal: AbortSignal;
  /** First retry delay after a failed delivery; doubles up to 2 s. */
  retryDelayMs: number;
}

/**
 * Delivers a bot's pending updates to its webhook one at a time, in order, retrying failures
 * with backoff like Telegram (which keeps an update until the webhook answers 2xx).
 */
export class WebhookDelivery {
  readonly #bot: TelegramFakeBot;
  readonly #options: WebhookDeliveryOptions;
  #running = false;

  constructor(bot: TelegramFakeBot, options: WebhookDeliveryOptions) {
    this.#bot = bot;
    this.#options = options;
    bot.updates.onPush(() => this.kick());
  }

  /** Starts delivering if a webhook is set and updates are pending (no-op when already running). */
  kick(): void {
    if (this.#running || !this.#bot.webhook || this.#bot.updates.pending.length === 0) return;
    this.#running = true;
    void this.#run().finally(() => {
      this.#running = false;
    });
  }

  async #run(): Promise<void> {
    let backoff = this.#options.retryDelayMs;
    while (!this.#options.signal.aborted) {
      const webhook = this.#bot.webhook;
      const update = this.#bot.updates.pending[0];
      if (!webhook || !update) return;
      const record: WebhookDeliveryRecord = {
        token: this.#bot.token,
        url: webhook.url,
        updateId: update.update_id,
        status: 0,
      };
      let reply: unknown;
      try {
        const response = await fetch(webhook.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(webhook.secretToken
              ? { "x-telegram-bot-api-secret-token": webhook.secretToken }
              : {}),
          },
          body: JSON.stringify(update),
          signal: AbortSignal.any([this.#options.signal, AbortSignal.timeout(10_000)]),
        });
        record.status = response.status;
        const text = await response.text();
        if (response.ok && text.trim().startsWith("{")) reply = JSON.parse(text) as unknown;
        if (!response.ok)
          record.error = `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      } catch (error) {
        record.error =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
      }
      this.#options.log.push(record);
      if (record.error === undefined) {
        this.#bot.updates.remove(update.update_id);
        backoff = this.#options.retryDelayMs;
        await this.#executeReply(reply);
      } else {
        this.#bot.webhookError = { date: Math.floor(Date.now() / 1_000), message: record.error };
        await abortableSleep(backoff, this.#options.signal);
        backoff = Math.min(backoff * 2, 2_000);
      }
    }
  }

  async #executeReply(reply: unknown): Promise<void> {
    if (
      reply === null ||
      typeof reply !== "object" ||
      !("method" in reply) ||
      typeof reply.method !== "string"
    )
      return;
    const { method, ...params } = reply as Record<string, unknown> & { method: string };
    await this.#options.executeReply(this.#bot, method, params).catch(() => undefined);
  }
}
