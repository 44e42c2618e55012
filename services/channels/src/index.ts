import type { ServiceDefinition } from "@clawfleet/runtime";
import { startChannels, type ChannelsOptions } from "./main.js";

/** The channels service built with `options` (another WhatsApp Web transport, e.g. a fake socket). */
export function createChannelsService(options: ChannelsOptions = {}): ServiceDefinition {
  return {
    name: "channels",
    description:
      "Discord, Telegram, WhatsApp, Slack and Signal connectors with access policy, pairing, leases and reliable delivery.",
    start: (ctx) => startChannels(ctx, options),
  };
}

/** The channels service: Discord, Telegram, WhatsApp, Slack and Signal connectors with access policy, pairing, leases and reliable delivery. */
export const channelsService: ServiceDefinition = createChannelsService();

export type { ChannelsOptions } from "./main.js";
export type * from "./adapters/whatsapp/whatsapp-socket.js";
