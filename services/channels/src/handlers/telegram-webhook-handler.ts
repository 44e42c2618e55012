import { TelegramWebhook, type Bus } from "@clawfleet/bus";
import type { ChannelAdapter } from "../domain/channel-adapter.js";

/**
 * Serves `channels.telegram.webhook.v1.<account>` while this instance holds the account: the
 * gateway forwards Telegram's POST (raw body and headers) and relays this answer.
 */
export function serveTelegramWebhook(
  bus: Bus,
  accountId: string,
  adapter: ChannelAdapter,
): { unsubscribe(): void } {
  return bus.serve(TelegramWebhook, { account: accountId }, async (request) => {
    if (!adapter.handleWebhook)
      return {
        status: 404,
        headers: {},
        body: `telegram account ${accountId} is not in webhook mode`,
      };
    return adapter.handleWebhook(request);
  });
}
