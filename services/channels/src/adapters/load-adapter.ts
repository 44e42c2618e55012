import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../domain/account-spec.js";
import type { ChannelAdapter } from "../domain/channel-adapter.js";
import { ChannelsError, ChannelsErrorCode } from "../errors.js";
import type { OffsetStore } from "../state/offset-store.js";
import type { SecretStore } from "../state/secret-store.js";
import type { WaSocketFactory } from "./whatsapp/whatsapp-socket.js";

/** What any adapter may need besides its account. */
export interface AdapterDeps {
  logger: Logger;
  /** Where a Telegram poller keeps its offset. */
  offsets: OffsetStore;
  /** The encrypted `channel-secrets` bucket (WhatsApp session); absent without CLAWFLEET_STATE_KEY. */
  secrets: SecretStore | undefined;
  /** How WhatsApp sockets are opened; Baileys unless another WhatsApp Web transport is given. */
  whatsappSocket: WaSocketFactory | undefined;
}

/** Builds the adapter of an account, loading its platform SDK only now (an idle process without Discord never loads discord.js). */
export async function loadAdapter(spec: AccountSpec, deps: AdapterDeps): Promise<ChannelAdapter> {
  if (spec.channel === "telegram")
    return (await import("./telegram/telegram-adapter.js")).createTelegramAdapter(spec, deps);
  if (spec.channel === "whatsapp") return loadWhatsApp(spec, deps);
  if (spec.channel === "signal") return loadSignal(spec, deps);
  if (spec.channel === "slack")
    return (await import("./slack/slack-adapter.js")).createSlackAdapter(spec, deps);
  return (await import("./discord/discord-adapter.js")).createDiscordAdapter(spec, deps);
}

async function loadWhatsApp(spec: AccountSpec, deps: AdapterDeps): Promise<ChannelAdapter> {
  if (!deps.secrets)
    throw new ChannelsError(
      ChannelsErrorCode.Refused,
      "WhatsApp needs CLAWFLEET_STATE_KEY to keep its session on the bus",
    );
  const [{ createWhatsAppAdapter }, { WhatsAppAuthStore }, { default: qrcode }] = await Promise.all(
    [
      import("./whatsapp/whatsapp-adapter.js"),
      import("./whatsapp/whatsapp-auth-state.js"),
      // qrcode is CommonJS: the bundle's namespace for it has only `default` (module.exports).
      import("qrcode"),
    ],
  );
  const given = deps.whatsappSocket;
  return createWhatsAppAdapter(spec, {
    logger: deps.logger,
    auth: new WhatsAppAuthStore(deps.secrets, spec.accountId),
    loadSocketFactory: async () =>
      given ?? (await import("./whatsapp/whatsapp-baileys-socket.js")).baileysSocketFactory,
    qrDataUrl: (qr) => qrcode.toDataURL(qr, { margin: 1, width: 320 }),
  });
}

async function loadSignal(spec: AccountSpec, deps: AdapterDeps): Promise<ChannelAdapter> {
  const [{ createSignalAdapter }, { default: qrcode }] = await Promise.all([
    import("./signal/signal-adapter.js"),
    import("qrcode"),
  ]);
  return createSignalAdapter(spec, {
    logger: deps.logger,
    qrDataUrl: (qr) => qrcode.toDataURL(qr, { margin: 1, width: 320 }),
  });
}
