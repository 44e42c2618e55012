import type { ServiceDefinition } from "@clawfleet/runtime";
import { startChannels } from "./main.js";

/** The channels service: Discord and Telegram connectors with access policy, pairing, leases and reliable delivery. */
export const channelsService: ServiceDefinition = {
  name: "channels",
  description:
    "Discord and Telegram connectors with access policy, pairing, leases and reliable delivery.",
  start: startChannels,
};
