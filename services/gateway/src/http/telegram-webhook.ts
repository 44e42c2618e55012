import { errorMessage } from "@clawfleet/core";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TelegramWebhook, type Bus } from "@clawfleet/bus";
import { resolveChannelAccounts, type OpenClawConfig } from "@clawfleet/config";
import type { Logger } from "@clawfleet/log";
import { safeEqual } from "../ws/auth/safe-equal.js";
import { firstHeader } from "../domain/public-url.js";
import { forwardedRequest, relayWebhook } from "./forward-request.js";
import { BodyTooLargeError, readBody, sendJson } from "./http-io.js";

/** A Telegram account reached through a webhook path. */
export interface TelegramWebhookAccount {
  accountId: string;
  secret?: string;
  /** False when the account has no `webhookUrl`: the channels service polls for it instead. */
  webhook: boolean;
}

/** The Telegram account whose `webhookPath` is `path`, with its secret and mode. */
export function telegramAccountForPath(
  config: OpenClawConfig,
  path: string,
): TelegramWebhookAccount | undefined {
  const telegram = config.channels.telegram;
  if (!telegram) return undefined;
  for (const account of resolveChannelAccounts(telegram)) {
    if (account.config.enabled === false) continue;
    if ((account.config.webhookPath ?? "/telegram-webhook") === path) {
      const found: TelegramWebhookAccount = {
        accountId: account.accountId,
        webhook: Boolean(account.config.webhookUrl),
      };
      if (account.config.webhookSecret) found.secret = account.config.webhookSecret;
      return found;
    }
  }
  return undefined;
}

const MAX_UPDATE_BYTES = 1024 * 1024;

/**
 * `POST <webhookPath>`: checks `X-Telegram-Bot-Api-Secret-Token` against the account's
 * `webhookSecret` in constant time, checks the body is a Telegram update, then forwards it with its
 * raw body to the account's holder in the channels service.
 */
export async function handleTelegramWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  account: TelegramWebhookAccount,
  bus: Bus,
  fallbackHost: string,
  log: Logger,
): Promise<void> {
  if (req.method !== "POST")
    return sendJson(res, 405, { ok: false, error: "POST only" }, { allow: "POST" });
  if (!account.webhook)
    return sendJson(res, 404, {
      ok: false,
      error: `Telegram account ${account.accountId} runs in polling mode (no channels.telegram.webhookUrl): this path takes no webhooks`,
    });
  if (!account.secret) {
    log.warn(
      `refused a Telegram webhook for account ${account.accountId}: set channels.telegram.webhookSecret (Telegram sends it back in a header)`,
    );
    return sendJson(res, 403, { ok: false, error: "webhook secret not configured" });
  }
  const presented = firstHeader(req.headers, "x-telegram-bot-api-secret-token") ?? "";
  if (!safeEqual(presented, account.secret))
    return sendJson(res, 401, { ok: false, error: "wrong secret token" });
  let body: string;
  try {
    body = await readBody(req, MAX_UPDATE_BYTES);
  } catch (error) {
    return sendJson(res, error instanceof BodyTooLargeError ? 413 : 400, {
      ok: false,
      error: errorMessage(error),
    });
  }
  if (!isTelegramUpdate(body))
    return sendJson(res, 400, {
      ok: false,
      error: "body is not a Telegram update (JSON object with update_id)",
    });
  await relayWebhook(
    res,
    req,
    "channels",
    () =>
      bus.request(
        TelegramWebhook,
        { account: account.accountId },
        forwardedRequest(req, body, fallbackHost),
      ),
    log,
  );
}

function isTelegramUpdate(body: string): boolean {
  try {
    const update = JSON.parse(body) as unknown;
    return (
      typeof update === "object" &&
      update !== null &&
      Number.isInteger((update as { update_id?: unknown }).update_id)
    );
  } catch {
    return false;
  }
}
