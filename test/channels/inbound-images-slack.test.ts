import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { attachmentRefFor, getAttachment } from "@clawfleet/bus";
import { SlackFake, testImage } from "@clawfleet/testkit";
import { startChannelWithAgent, type ChannelWithAgent } from "./support/channel-with-agent.js";

const BOT_TOKEN = "xoxb-FAKE-images-bot";
const APP_TOKEN = "xapp-FAKE-images-app";

describe(
  "inbound images from Slack (url_private with the bot token, Slack fake, real nats-server)",
  { timeout: 120_000 },
  () => {
    let fake: SlackFake;
    let harness: ChannelWithAgent;

    before(async () => {
      fake = new SlackFake();
      await fake.start();
      fake.addApp(BOT_TOKEN, APP_TOKEN);
      harness = await startChannelWithAgent(
        {
          agents: { defaults: { mediaMaxMb: 1 } },
          channels: {
            slack: { dmPolicy: "allowlist", allowFrom: ["U0ALICE"], apiUrl: fake.apiUrl },
          },
        },
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN },
      );
      await harness.waitUntilConnected("slack", 20_000);
    });

    after(async () => {
      await harness?.stop();
      await fake?.stop();
    });

    it("a shared image is fetched with the bot token and stored; the text is intact", async () => {
      const image = testImage("png", 200_000, "slack-photo");
      fake.message("D0ALICE", "U0ALICE", "what does this chart say?", {
        files: [{ name: "chart.png", mimetype: "image/png", bytes: image }],
      });
      const input = await harness.answeredInput((i) => i.text === "what does this chart say?");
      const [ref] = input.attachments ?? [];
      assert.equal(ref?.ref, attachmentRefFor(image));
      assert.equal(ref?.fileName, "chart.png");
      const stored = await getAttachment(harness.channels.bus, ref?.ref ?? "");
      assert.deepEqual(stored && Buffer.from(stored), Buffer.from(image));
      const [download] = fake.files.downloads.all();
      assert.equal(download?.authorization, `Bearer ${BOT_TOKEN}`);
    });

    it("oversized and 404 files stay placeholders with the reason; the text is delivered", async () => {
      const big = testImage("jpeg", 1_200_000, "slack-big");
      fake.message("D0ALICE", "U0ALICE", "two files", {
        files: [
          { name: "big.jpg", mimetype: "image/jpeg", bytes: big },
          {
            name: "gone.png",
            mimetype: "image/png",
            bytes: testImage("png", 3_000),
            expired: true,
          },
        ],
      });
      const input = await harness.answeredInput((i) => i.text.startsWith("two files"));
      assert.equal(
        input.text,
        [
          "two files",
          "<media:image image/jpeg big.jpg, 1.1 MB: over the 1 MB image limit>",
          "<media:image image/png gone.png, 3 KB: could not be fetched: 404>",
        ].join("\n"),
      );
      assert.equal(input.attachments, undefined);
      assert.equal(await getAttachment(harness.channels.bus, attachmentRefFor(big)), undefined);
    });
  },
);
