import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { putAttachment, type OutboxMessage } from "@clawfleet/bus";
import {
  DiscordFake,
  startNatsServer,
  type DiscordFakeBot,
  type NatsTestServer,
  type SentDiscordMessage,
} from "@clawfleet/testkit";
import {
  eventually,
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";
import { imageBytes, publishReply } from "./support/outbound-images.js";

const DISCORD_TOKEN = "MTIzNDU3.discord.images-token";

/** The uploaded file of a sent message (the fake keeps the decoded multipart body). */
function upload(message: SentDiscordMessage): { filename?: string; bytes: Buffer } | undefined {
  return message.body["files[0]"] as { filename?: string; bytes: Buffer } | undefined;
}

describe(
  "images in replies on Discord (message with an uploaded file, real nats-server)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: DiscordFake;
    let bot: DiscordFakeBot;
    let channels: ChannelsUnderTest;
    let channelId = "";

    before(async () => {
      nats = await startNatsServer();
      fake = new DiscordFake({ heartbeatIntervalMs: 1000 });
      await fake.start();
      bot = fake.addBot({ token: DISCORD_TOKEN, username: "clawbot" });
      const guild = fake.addGuild({ name: "Home", channels: ["general"] });
      channelId = fake.channelId(guild, "general");
      channels = await startChannelsUnderTest(
        nats.url,
        { channels: { discord: { groupPolicy: "open", apiBase: fake.apiBase } } },
        { DISCORD_BOT_TOKEN: DISCORD_TOKEN },
      );
      await channels.waitForLog(/^\[discord\] logged in to discord as clawbot$/);
    });

    after(async () => {
      await channels?.stop();
      await fake?.stop();
      await nats?.dispose();
    });

    const publish = (message: Omit<OutboxMessage, "origin">, msgID: string) =>
      publishReply(channels.bus, "discord", message, msgID);

    it("sends the image file first, then the text; a republished message sends neither again", async () => {
      const bytes = imageBytes("jpeg", 25_000);
      const ref = await putAttachment(channels.bus, {
        bytes,
        mimeType: "image/jpeg",
        fileName: "photo.jpg",
      });
      const message = {
        id: "discord-reply-with-photo",
        target: {
          channel: "discord",
          accountId: "default",
          peer: { kind: "channel" as const, id: channelId },
        },
        text: "A photo for you.",
        attachments: [ref],
        createdAt: Date.now(),
      };
      await publish(message, "photo-1");
      await eventually(
        () => bot.sentMessages(channelId).find((m) => m.content === "A photo for you."),
        20_000,
        "the text after the image",
      );
      const sent = bot.sentMessages(channelId);
      const imageIndex = sent.findIndex((m) => upload(m));
      const textIndex = sent.findIndex((m) => m.content === "A photo for you.");
      assert.ok(imageIndex >= 0 && imageIndex < textIndex, "the image comes before the text");
      const file = upload(sent[imageIndex]!)!;
      assert.ok(file.bytes.equals(bytes), "the uploaded bytes are the image");
      assert.equal(file.filename, "photo.jpg");
      assert.equal(sent[imageIndex]!.content, "", "the image message carries no text");
      await publish(message, "photo-2");
      await pause(2500);
      assert.equal(bot.sentMessages(channelId).filter((m) => upload(m)).length, 1, "one image");
      assert.equal(
        bot.sentMessages(channelId).filter((m) => m.content === "A photo for you.").length,
        1,
        "one text",
      );
    });

    it("a text that fails after its image went out is retried without a second image", async () => {
      const before = bot.sentMessages(channelId).filter((m) => upload(m)).length;
      const bytes = imageBytes("jpeg", 8000);
      const ref = await putAttachment(channels.bus, {
        bytes,
        mimeType: "image/jpeg",
        fileName: "b.jpg",
      });
      // The image goes through; the text then fails with 500s (more than discord.js retries itself),
      // so the outbox message is handed back and redelivered.
      fake.failNext("createMessage", { kind: "delay", ms: 0 }, 1);
      fake.failNext(
        "createMessage",
        { kind: "error", status: 500, code: 0, message: "500: Internal Server Error" },
        5,
      );
      await publish(
        {
          id: "discord-photo-then-failure",
          target: {
            channel: "discord",
            accountId: "default",
            peer: { kind: "channel", id: channelId },
          },
          text: "text after a failure",
          attachments: [ref],
          createdAt: Date.now(),
        },
        "photo-then-failure",
      );
      await eventually(
        () => bot.sentMessages(channelId).find((m) => m.content === "text after a failure"),
        40_000,
        "the text after the retry",
      );
      assert.ok(
        fake.calls.filter((c) => c.route === "createMessage" && c.status === 500).length >= 1,
        "the text failed first",
      );
      const images = bot
        .sentMessages(channelId)
        .filter((m) => upload(m))
        .slice(before);
      assert.equal(images.length, 1, "the image once");
      assert.ok(upload(images[0]!)!.bytes.equals(bytes));
    });
  },
);
