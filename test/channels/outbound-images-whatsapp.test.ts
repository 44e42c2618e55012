import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, putAttachment, type Bus, type OutboxMessage } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, WhatsAppFake, type NatsTestServer } from "@clawfleet/testkit";
import { pause, type ChannelsUnderTest } from "./support/channels-harness.js";
import { linkWhatsApp, startWhatsAppChannels } from "./support/whatsapp-under-test.js";
import { imageBytes, publishReply } from "./support/outbound-images.js";

const BOT = "15550100001";
const ALICE = "15550001112";
const aliceJid = `${ALICE}@s.whatsapp.net`;

describe(
  "images in replies on WhatsApp (Baileys sendMessage { image } through the fake socket, real nats-server)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: WhatsAppFake;
    let channels: ChannelsUnderTest;
    let bus: Bus;

    before(async () => {
      nats = await startNatsServer();
      fake = new WhatsAppFake();
      channels = await startWhatsAppChannels(nats.url, fake);
      bus = await connectBus({ servers: nats.url, name: "wa-images", logger: silentLogger });
      await linkWhatsApp(bus, fake, BOT);
    });

    after(async () => {
      await channels?.stop();
      await bus?.drain();
      await nats?.dispose();
    });

    const publish = (message: Omit<OutboxMessage, "origin">, msgID: string) =>
      publishReply(bus, "whatsapp", message, msgID);

    it("sends the image message first, then the text, each once — also when the message is published again", async () => {
      const bytes = imageBytes("gif", 20_000);
      const ref = await putAttachment(bus, { bytes, mimeType: "image/gif", fileName: "dance.gif" });
      const message = {
        id: "wa-reply-with-gif",
        target: {
          channel: "whatsapp",
          accountId: "default",
          peer: { kind: "dm" as const, id: aliceJid },
        },
        text: "Look at this.",
        attachments: [ref],
        createdAt: Date.now(),
      };
      await publish(message, "wa-gif-1");
      const sent = await fake.waitForSent(aliceJid, 2, 20_000);
      assert.ok(sent[0]!.image, "the image comes first");
      assert.ok(sent[0]!.image!.bytes.equals(bytes), "the image bytes");
      assert.equal(sent[0]!.image!.mimetype, "image/gif");
      assert.equal(sent[1]!.text, "Look at this.");
      await publish(message, "wa-gif-2");
      await pause(2500);
      assert.equal(fake.sentTo(aliceJid).length, 2, "nothing sent again");
    });
  },
);
