import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, putAttachment, type Bus, type OutboxMessage } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { SignalCliFake, startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import {
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";
import { waitUntilConnected } from "./support/channel-with-agent.js";
import { imageBytes, publishReply } from "./support/outbound-images.js";

const BOT = "+15550109999";
const ALICE = "+15550100021";

describe(
  "images in replies on Signal (signal-cli send with data: URI attachments, real nats-server)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: SignalCliFake;
    let channels: ChannelsUnderTest;
    let bus: Bus;

    before(async () => {
      nats = await startNatsServer();
      fake = new SignalCliFake(1000);
      await fake.start();
      fake.addAccount(BOT);
      channels = await startChannelsUnderTest(nats.url, {
        channels: { signal: { account: BOT, httpUrl: fake.url, allowFrom: [ALICE] } },
      });
      bus = await connectBus({ servers: nats.url, name: "signal-images", logger: silentLogger });
      await waitUntilConnected(bus, "signal", 20_000);
    });

    after(async () => {
      await channels?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    const publish = (message: Omit<OutboxMessage, "origin">, msgID: string) =>
      publishReply(bus, "signal", message, msgID);

    it("sends the image as an attachment first, then the text, each once — also when published again", async () => {
      const bytes = imageBytes("webp", 15_000);
      const ref = await putAttachment(bus, {
        bytes,
        mimeType: "image/webp",
        fileName: "my sticker.webp",
      });
      const message = {
        id: "signal-reply-with-webp",
        target: {
          channel: "signal",
          accountId: "default",
          peer: { kind: "dm" as const, id: ALICE },
        },
        text: "A sticker.",
        attachments: [ref],
        createdAt: Date.now(),
      };
      await publish(message, "signal-webp-1");
      const sent = await fake.waitForSent(ALICE, 2);
      const [image, text] = sent;
      assert.equal(image?.attachments?.length, 1, "the image comes first");
      assert.ok(image!.attachments![0]!.bytes.equals(bytes), "the attachment bytes");
      assert.equal(image!.attachments![0]!.contentType, "image/webp");
      assert.equal(image!.attachments![0]!.filename, "my_sticker.webp");
      assert.equal(image!.message, "");
      assert.equal(text?.message, "A sticker.");
      await publish(message, "signal-webp-2");
      await pause(2500);
      assert.equal(fake.sentTo(ALICE).length, 2, "nothing sent again");
    });
  },
);
