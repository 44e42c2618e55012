import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, putAttachment, type Bus, type OutboxMessage } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { SlackFake, startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import {
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";
import { waitUntilConnected } from "./support/channel-with-agent.js";
import { imageBytes, publishReply } from "./support/outbound-images.js";

const BOT_TOKEN = "xoxb-FAKE-images-bot";
const APP_TOKEN = "xapp-FAKE-images-app";

describe(
  "images in replies on Slack (external upload flow against the Slack fake, real nats-server)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: SlackFake;
    let channels: ChannelsUnderTest;
    let bus: Bus;

    before(async () => {
      nats = await startNatsServer();
      fake = new SlackFake();
      await fake.start();
      fake.addApp(BOT_TOKEN, APP_TOKEN);
      channels = await startChannelsUnderTest(
        nats.url,
        { channels: { slack: { allowFrom: ["U0ALICE"], apiUrl: fake.apiUrl } } },
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN },
      );
      bus = await connectBus({ servers: nats.url, name: "slack-images", logger: silentLogger });
      await waitUntilConnected(bus, "slack", 20_000);
    });

    after(async () => {
      await channels?.stop();
      await bus?.drain();
      await fake?.stop();
      await nats?.dispose();
    });

    const publish = (message: Omit<OutboxMessage, "origin">, msgID: string) =>
      publishReply(bus, "slack", message, msgID);

    it("shares the image file first, then posts the text, each once — also when published again", async () => {
      const bytes = imageBytes("png", 18_000);
      const ref = await putAttachment(bus, { bytes, mimeType: "image/png", fileName: "plot.png" });
      const message = {
        id: "slack-reply-with-plot",
        target: {
          channel: "slack",
          accountId: "default",
          peer: { kind: "dm" as const, id: "D0ALICE" },
          threadId: "1700000000.000100",
        },
        text: "The plot.",
        attachments: [ref],
        createdAt: Date.now(),
      };
      await publish(message, "slack-plot-1");
      const [posted] = await fake.waitForPosted("D0ALICE", 1);
      assert.equal(posted?.text, "The plot.");
      const uploads = fake.uploadsTo("D0ALICE");
      assert.equal(uploads.length, 1, "the file was shared before the text");
      assert.ok(uploads[0]!.bytes.equals(bytes), "the uploaded bytes");
      assert.equal(uploads[0]!.filename, "plot.png");
      assert.equal(uploads[0]!.threadTs, "1700000000.000100", "in the reply's thread");
      await publish(message, "slack-plot-2");
      await pause(2500);
      assert.equal(fake.uploadsTo("D0ALICE").length, 1, "no second upload");
      assert.equal(fake.postedTo("D0ALICE").length, 1, "no second text");
    });

    it("without the files:write scope the chat is told so and the text still goes out", async () => {
      fake.missingScopes.add("files:write");
      const ref = await putAttachment(bus, {
        bytes: imageBytes("png", 3000),
        mimeType: "image/png",
        fileName: "scoped.png",
      });
      await publish(
        {
          id: "slack-missing-scope",
          target: { channel: "slack", accountId: "default", peer: { kind: "dm", id: "D0BOB" } },
          text: "text anyway",
          attachments: [ref],
          createdAt: Date.now(),
        },
        "slack-missing-scope",
      );
      const posted = await fake.waitForPosted("D0BOB", 2, 30_000);
      assert.match(
        posted[0]!.text,
        /^\(image scoped\.png not sent: Slack refused files\.uploadV2: the bot token lacks the files:write scope/,
      );
      assert.equal(posted[1]!.text, "text anyway");
      assert.equal(fake.uploadsTo("D0BOB").length, 0);
      fake.missingScopes.clear();
    });
  },
);
