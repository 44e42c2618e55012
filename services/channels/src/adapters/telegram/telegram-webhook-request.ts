import { errorMessage } from "@clawfleet/core";
import { timingSafeEqual } from "node:crypto";
import type { ForwardedHttpRequest, ForwardedHttpResponse } from "@clawfleet/bus";
import { telegramUpdateSchema, type TelegramUpdate } from "./telegram-update.js";

/** The header Telegram sends the webhook secret in. */
export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** A parsed webhook request: the update, or the answer to give at once. */
export type WebhookParse =
  { ok: true; update: TelegramUpdate } | { ok: false; response: ForwardedHttpResponse };

/** A plain-text HTTP answer. */
export function textResponse(status: number, body: string): ForwardedHttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

function header(request: ForwardedHttpRequest, name: string): string | undefined {
  const entry = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a forwarded webhook request as grammY's webhook handler does — wrong secret → 401
 * "secret token is wrong" — and rejects what is not a Telegram update with a clear 4xx, so bad
 * input never reaches the pipeline.
 */
export function parseWebhookRequest(
  request: ForwardedHttpRequest,
  secret: string | undefined,
): WebhookParse {
  if (request.method.toUpperCase() !== "POST")
    return {
      ok: false,
      response: textResponse(405, "method not allowed: Telegram webhooks are POST"),
    };
  if (secret !== undefined && !sameSecret(header(request, SECRET_HEADER), secret)) {
    return { ok: false, response: textResponse(401, "secret token is wrong") };
  }
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch (error) {
    return {
      ok: false,
      response: textResponse(400, `body is not JSON: ${errorMessage(error)}`),
    };
  }
  const parsed = telegramUpdateSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      response: textResponse(
        400,
        "body is not a Telegram update: update_id must be a non-negative integer",
      ),
    };
  return { ok: true, update: parsed.data };
}

/**
 * Handles each update id once: Telegram retries an update whose answer it did not get, and a
 * retry of an update that was handled (or is being handled) gets the same outcome without work.
 * A failed update is forgotten, so its next retry is handled again.
 */
export class UpdateDeduper {
  readonly #outcomes = new Map<number, Promise<boolean>>();
  constructor(private readonly capacity = 2000) {}

  /** Runs `handle` for a new id; resolves true when the update was handled (now or before). */
  run(updateId: number, handle: () => Promise<void>): Promise<boolean> {
    const known = this.#outcomes.get(updateId);
    if (known) return known;
    const outcome = handle().then(
      () => true,
      () => {
        this.#outcomes.delete(updateId);
        return false;
      },
    );
    this.#outcomes.set(updateId, outcome);
    if (this.#outcomes.size > this.capacity)
      this.#outcomes.delete(this.#outcomes.keys().next().value as number);
    return outcome;
  }
}
