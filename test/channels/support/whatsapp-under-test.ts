import assert from "node:assert/strict";
import { ChannelLogin, type Bus } from "@clawfleet/bus";
import type { WaSocketFactory } from "@clawfleet/channels";
import type { OpenClawConfigInput } from "@clawfleet/config";
import type { WhatsAppFake } from "@clawfleet/testkit";
import { startChannelsUnderTest, eventually, type ChannelsUnderTest } from "./channels-harness.js";

/** The `CLAWFLEET_STATE_KEY` the WhatsApp tests seal the session with. */
export const TEST_STATE_KEY = "test-state-key-0123456789abcdefghijklmnop";

/** The channels service in-process with its WhatsApp sockets made by `fake` (open DMs unless `config` says otherwise). */
export function startWhatsAppChannels(
  natsUrl: string,
  fake: WhatsAppFake,
  config: OpenClawConfigInput = { channels: { whatsapp: { dmPolicy: "open", allowFrom: ["*"] } } },
): Promise<ChannelsUnderTest> {
  return startChannelsUnderTest(
    natsUrl,
    config,
    { CLAWFLEET_STATE_KEY: TEST_STATE_KEY },
    { whatsappSocket: fake.socketFactory as unknown as WaSocketFactory },
  );
}

/** Links the default WhatsApp account: waits for its QR, has `fake` scan it as `phone`, asserts it connected. */
export async function linkWhatsApp(bus: Bus, fake: WhatsAppFake, phone: string): Promise<void> {
  const login = { channel: "whatsapp", account: "default" };
  await eventually(
    async () => {
      const shown = await bus
        .request(ChannelLogin, login, { step: "start" })
        .catch(() => undefined);
      return shown?.qr ? shown : undefined;
    },
    20_000,
    "a QR to scan",
  );
  const waiting = bus.request(ChannelLogin, login, { step: "wait", timeoutMs: 20_000 });
  await fake.scanQr(phone);
  assert.equal((await waiting).connected, true);
}
