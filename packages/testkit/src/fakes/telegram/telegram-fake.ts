import type { IncomingMessage, ServerResponse } from "node:http";
import { abortableSleep } from "../shared/abortable-sleep.js";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { FaultQueue } from "../shared/fault-queue.js";
import type { CommonFault } from "../shared/fault-queue.js";
import { RecordLog } from "../shared/record-log.js";
import { BodyParseError, parseBody, readBody, sendJson } from "../shared/request-body.js";
import { TelegramFakeBot } from "./telegram-fake-bot.js";
import type { TelegramBotInit } from "./telegram-fake-bot.js";
import { TelegramMethods } from "./telegram-methods.js";
import { TelegramParams } from "./telegram-params.js";
import { TelegramApiError } from "./telegram-types.js";
import type { TgErrorBody } from "./telegram-types.js";
import { WebhookDelivery } from "./telegram-webhook-delivery.js";
import type { WebhookDeliveryRecord } from "./telegram-webhook-delivery.js";

/** A fault the Telegram fake can inject into the next calls of a method. */
export type TelegramFault =
  | CommonFault
  | { readonly kind: "rateLimit"; readonly retryAfter: number }
  | { readonly kind: "error"; readonly code: number; readonly description: string };

/** One Bot API call the fake answered. */
export interface TelegramCall {
  token: string;
  method: string;
  params: Readonly<Record<string, unknown>>;
  /** HTTP status answered (0 when the socket was dropped). */
  status: number;
  at: number;
}

/** Options of `TelegramFake`. */
export interface TelegramFakeOptions {
  /** Added before every answer (getUpdates holds count separately). */
  latencyMs?: number;
  /** First retry delay after a failed webhook delivery. */
  webhookRetryDelayMs?: number;
}

/** Defaults of `TelegramFakeOptions`. */
export const DefaultTelegramFakeOptions = {
  latencyMs: 0,
  webhookRetryDelayMs: 100,
} as const satisfies Required<TelegramFakeOptions>;

const PathPattern = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;
const FilePattern = /^\/file\/bot([^/]+)\/(.+)$/;

/**
 * A local Telegram Bot API: `POST {apiRoot}/bot{token}/{method}` with JSON, form or multipart
 * bodies, file downloads at `GET {apiRoot}/file/bot{token}/{file_path}` (after getFile), real long polling, webhooks with delivery, several bots at once, recorded calls and
 * injectable faults. grammY reaches it with `new Bot(token, { client: { apiRoot } })`.
 */
export class TelegramFake {
  /** Every call answered, oldest first. */
  readonly calls = new RecordLog<TelegramCall>("telegram calls");
  /** Every webhook delivery attempt. */
  readonly webhookDeliveries = new RecordLog<WebhookDeliveryRecord>("telegram webhook deliveries");
  readonly #options: Required<TelegramFakeOptions>;
  readonly #server = new FakeHttpServer((req, res) => this.#handle(req, res));
  readonly #bots = new Map<string, { bot: TelegramFakeBot; delivery: WebhookDelivery }>();
  readonly #faults = new FaultQueue<TelegramFault>();

  constructor(options: TelegramFakeOptions = {}) {
    this.#options = { ...DefaultTelegramFakeOptions, ...options };
  }

  /** Starts listening; resolves with the apiRoot to give grammY (no trailing slash). */
  start(): Promise<string> {
    return this.#server.start();
  }

  /** Stops listening and ends held polls. */
  stop(): Promise<void> {
    return this.#server.stop();
  }

  /** The apiRoot (`http://127.0.0.1:<port>`). */
  get apiRoot(): string {
    return this.#server.url;
  }

  /** Registers a bot; calls with any other token answer 401. */
  addBot(init: TelegramBotInit): TelegramFakeBot {
    const bot = new TelegramFakeBot(init);
    const delivery = new WebhookDelivery(bot, {
      log: this.webhookDeliveries,
      executeReply: async (target, method, params) => {
        await this.#execute(target, method, new TelegramParams(params), this.#server.signal);
      },
      signal: this.#server.signal,
      retryDelayMs: this.#options.webhookRetryDelayMs,
    });
    this.#bots.set(init.token, { bot, delivery });
    return bot;
  }

  /** The registered bot with this token. */
  bot(token: string): TelegramFakeBot {
    const entry = this.#bots.get(token);
    if (!entry) throw new Error(`telegram fake: no bot with token ${token.slice(0, 6)}…`);
    return entry.bot;
  }

  /** Makes the next `times` calls of `method` (`"*"` = any method) fail as `fault` says. */
  failNext(method: string, fault: TelegramFault, times = 1): void {
    this.#faults.add(method, fault, times);
  }

  /** Disarms every pending fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const file = FilePattern.exec(url.pathname);
    if (file && req.method === "GET") {
      const owner = this.#bots.get(decodeURIComponent(file[1] ?? ""));
      if (!owner)
        return sendJson(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return owner.bot.files.serve(res, decodeURIComponent(file[2] ?? ""));
    }
    const match = PathPattern.exec(url.pathname);
    if (!match) return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const [, token = "", method = ""] = match;
    const entry = this.#bots.get(decodeURIComponent(token));
    const raw = await readBody(req);
    let params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    try {
      params = { ...params, ...(await parseBody(req, raw)) };
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      return this.#answer(
        res,
        entry?.bot.token ?? token,
        method,
        params,
        new TelegramApiError(400, `Bad Request: ${error.message}`),
      );
    }
    if (!entry)
      return this.#answer(res, token, method, params, new TelegramApiError(401, "Unauthorized"));
    const fault = this.#faults.take(method);
    if (fault?.kind === "drop") {
      this.calls.push({ token, method, params, status: 0, at: Date.now() });
      req.socket.destroy();
      return;
    }
    await abortableSleep(
      this.#options.latencyMs + (fault?.kind === "delay" ? fault.ms : 0),
      this.#server.signal,
    );
    if (fault?.kind === "rateLimit") {
      const error = new TelegramApiError(
        429,
        `Too Many Requests: retry after ${fault.retryAfter}`,
        { retry_after: fault.retryAfter },
      );
      return this.#answer(res, token, method, params, error);
    }
    if (fault?.kind === "error")
      return this.#answer(
        res,
        token,
        method,
        params,
        new TelegramApiError(fault.code, fault.description),
      );
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    let outcome: unknown;
    try {
      outcome = {
        result: await this.#execute(
          entry.bot,
          method,
          new TelegramParams(params),
          AbortSignal.any([gone.signal, this.#server.signal]),
        ),
      };
    } catch (error) {
      if (!(error instanceof TelegramApiError)) throw error;
      outcome = error;
    }
    entry.delivery.kick();
    this.#answer(
      res,
      token,
      method,
      params,
      outcome instanceof TelegramApiError ? outcome : (outcome as { result: unknown }).result,
    );
  }

  async #execute(
    bot: TelegramFakeBot,
    method: string,
    params: TelegramParams,
    signal: AbortSignal,
  ): Promise<unknown> {
    const name = Object.keys(TelegramMethods).find((m) => m.toLowerCase() === method.toLowerCase());
    const handler = name === undefined ? undefined : TelegramMethods[name];
    if (!handler) throw new TelegramApiError(404, "Not Found: method not found");
    return await handler({ bot, params, signal });
  }

  #answer(
    res: ServerResponse,
    token: string,
    method: string,
    params: Record<string, unknown>,
    result: unknown,
  ): void {
    const body: TgErrorBody | { ok: true; result: unknown } =
      result instanceof TelegramApiError ? result.body : { ok: true, result };
    const status = body.ok ? 200 : body.error_code;
    this.calls.push({ token, method, params, status, at: Date.now() });
    if (res.writableEnded || res.destroyed) return;
    sendJson(
      res,
      status,
      body,
      status === 429 && !body.ok
        ? { "retry-after": String(body.parameters?.retry_after ?? 1) }
        : {},
    );
  }
}
