import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChannelLogin, ChannelsStatus } from "@clawfleet/bus";
import { startNatsServer, WhatsAppFake, type NatsTestServer } from "@clawfleet/testkit";
import { linkWhatsApp, startWhatsAppChannels } from "./support/whatsapp-under-test.js";
import { eventually, type ChannelsUnderTest } from "./support/channels-harness.js";

const BOT = "15550100009";
const login = { channel: "whatsapp", account: "default" };

describe(
  "whatsapp login when WhatsApp refuses (fake socket, real nats-server)",
  { timeout: 120_000 },
  () => {
    let nats: NatsTestServer;
    let fake: WhatsAppFake;
    let channels: ChannelsUnderTest;

    before(async () => {
      nats = await startNatsServer();
      fake = new WhatsAppFake();
      channels = await startWhatsAppChannels(nats.url, fake);
    });

    after(async () => {
      await channels?.stop();
      await nats?.dispose();
    });

    it("a login WhatsApp refuses before any QR fails at once with the reason", async () => {
      fake.refusing = { statusCode: 401, message: "Connection Failure" };
      const refused = await eventually(
        () => channels.bus.request(ChannelLogin, login, { step: "start" }).catch(() => undefined),
        20_000,
        "the holder serving logins",
      );
      fake.refusing = undefined;
      assert.equal(refused.connected, false);
      assert.equal(refused.qr, undefined);
      assert.match(refused.message, /^no QR code: /);
    });

    it("a forced login while reconnections back off shows its QR without sitting out the backoff", async () => {
      await linkWhatsApp(channels.bus, fake, BOT);
      fake.refusing = { statusCode: 503, message: "Service Unavailable" };
      const made = fake.socketsMade;
      fake.openSocket()?.close(503, "Service Unavailable");
      // Reconnections after 2, 4 and 8 s are refused; the next waits 16 s (±20 %), at least 12.8 s.
      await eventually(() => fake.socketsMade >= made + 3 || undefined, 30_000, "three refusals");
      fake.refusing = undefined;
      const asked = Date.now();
      const shown = await channels.bus.request(ChannelLogin, login, { step: "start", force: true });
      assert.ok(shown.qr, `no QR: ${shown.message}`);
      const waited = Date.now() - asked;
      assert.ok(waited < 12_000, `the QR came after ${waited} ms: the login sat out the backoff`);
      const { accounts } = await channels.bus.request(ChannelsStatus, {}, {});
      assert.equal(accounts.find((a) => a.channel === "whatsapp")?.connected, false);
    });
  },
);
