// A channels process for tests: the CLI's `channels` command, except that WhatsApp sockets are
// fake sockets relayed to the WhatsAppRelay whose URL is the first argument. Everything else
// (config, bus, leases, credential store, health port) is the production path.
import { createChannelsService } from "@clawfleet/channels";
import type { WaSocketFactory } from "@clawfleet/channels";
import { runServices } from "@clawfleet/runtime";
import { relaySocketFactory } from "@clawfleet/testkit/whatsapp-relay-socket";

const relayUrl = process.argv[2];
if (!relayUrl) throw new Error("usage: whatsapp-relay-host.ts <relay ws url>");
const definition = createChannelsService({
  // The relay socket has the shape of Baileys' socket that WaSocketFactory describes.
  whatsappSocket: relaySocketFactory(relayUrl) as unknown as WaSocketFactory,
});
const handle = runServices({
  processName: "channels",
  services: [{ definition, options: {} }],
  env: process.env,
  version: "test",
  isTerminal: false,
});
process.on("SIGTERM", () => void handle.shutdown("SIGTERM"));
process.exit(await handle.exited);
