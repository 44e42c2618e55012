import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../domain/account-spec.js";
import type { ChannelAdapter } from "../domain/channel-adapter.js";
import type { OffsetStore } from "../state/offset-store.js";

/** What any adapter may need besides its account. */
export interface AdapterDeps {
  logger: Logger;
  /** Where a Telegram poller keeps its offset. */
  offsets: OffsetStore;
}

/** Builds the adapter of an account, loading its platform SDK only now (an idle process without Discord never loads discord.js). */
export async function loadAdapter(spec: AccountSpec, deps: AdapterDeps): Promise<ChannelAdapter> {
  if (spec.channel === "telegram")
    return (await import("./telegram/telegram-adapter.js")).createTelegramAdapter(spec, deps);
  return (await import("./discord/discord-adapter.js")).createDiscordAdapter(spec, deps);
}
