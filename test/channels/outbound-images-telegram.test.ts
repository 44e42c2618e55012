import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { putAttachment, type AttachmentRef, type OutboxMessage } from "@clawfleet/bus";
import {
  startNatsServer,
  TelegramFake,
  tgUser,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";
import {
  eventually,
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";
import { imageBytes, publishReply } from "./support/outbound-images.js";

const TOKEN = "7031:outbound-images-token";

describe(
  "images in replies on Telegram (sendPhoto upload, real nats-server)",
  { timeout: 180_000 },
  () => {
    let nats: NatsTestServer;
    let fake: TelegramFake;
    let bot: TelegramFakeBot;
    let channels: ChannelsUnderTest;
    const erin = tgUser(611, "Erin", "erin");
    const target = {
      channel: "telegram",
      accountId: "default",
      peer: { kind: "dm" as const, id: String(erin.id) },
    };

    before(async () => {
      nats = await startNatsServer();
      fake = new TelegramFake();
      await fake.start();
      bot = fake.addBot({ token: TOKEN, username: "claw_images_bot" });
      bot.addChat({ id: erin.id, type: "private", first_name: "Erin", username: "erin" });
      channels = await startChannelsUnderTest(nats.url, {
        channels: { telegram: { dmPolicy: "open", apiRoot: fake.apiRoot, botToken: TOKEN } },
      });
      await bot.updates.waitForPoll(15_000);
    });

    after(async () => {
      await channels?.stop();
      await fake?.stop();
      await nats?.dispose();
    });

    const publish = (message: Omit<OutboxMessage, "origin">, msgID: string) =>
      publishReply(channels.bus, "telegram", message, msgID);

    const photos = () => bot.sentMessages(erin.id).filter((m) => m.photo);

    it("sends the photo bytes first, then the text; a redelivered message sends neither again", async () => {
      const bytes = imageBytes("png", 30_000);
      const ref = await putAttachment(channels.bus, {
        bytes,
        mimeType: "image/png",
        fileName: "chart.png",
      });
      const message = {
        id: "reply-with-chart",
        target: { ...target, replyToMessageId: "77" },
        text: "Here is the chart.",
        attachments: [ref],
        createdAt: Date.now(),
      };
      await publish(message, "chart-1");
      await eventually(
        () => bot.sentMessages(erin.id).find((m) => m.text === "Here is the chart."),
        20_000,
        "the text after the photo",
      );
      const sent = bot.sentMessages(erin.id);
      const photoIndex = sent.findIndex((m) => m.photo);
      const textIndex = sent.findIndex((m) => m.text === "Here is the chart.");
      assert.ok(photoIndex >= 0 && photoIndex < textIndex, "the photo comes before the text");
      assert.ok(sent[photoIndex]!.photo!.bytes.equals(bytes), "the uploaded bytes are the image");
      assert.equal(sent[photoIndex]!.photo!.filename, "chart.png");
      // The agent republishes its pending reply (same id, new stream message): nothing is sent again.
      await publish(message, "chart-2");
      await pause(2500);
      assert.equal(photos().length, 1, "one photo");
      assert.equal(
        bot.sentMessages(erin.id).filter((m) => m.text === "Here is the chart.").length,
        1,
        "one text",
      );
    });

    it("a message whose text fails after its photo went out is retried without a second photo", async () => {
      const before = photos().length;
      const bytes = imageBytes("png", 12_000);
      const ref = await putAttachment(channels.bus, { bytes, mimeType: "image/png" });
      fake.failNext("sendMessage", {
        kind: "error",
        code: 500,
        description: "Internal Server Error",
      });
      await publish(
        {
          id: "photo-then-failure",
          target,
          text: "caption later",
          attachments: [ref],
          createdAt: Date.now(),
        },
        "photo-then-failure",
      );
      await eventually(
        () => bot.sentMessages(erin.id).find((m) => m.text === "caption later"),
        30_000,
        "the text after the retry",
      );
      await pause(1000);
      const mine = photos().slice(before);
      assert.equal(mine.length, 1, "the photo once");
      assert.ok(mine[0]!.photo!.bytes.equals(bytes));
      assert.equal(mine[0]!.photo!.filename, "image", "unnamed images are called image");
    });

    it("an image-only reply sends just the photo; an image no longer stored is said in text", async () => {
      const before = photos().length;
      const bytes = imageBytes("png", 5000);
      const ref = await putAttachment(channels.bus, {
        bytes,
        mimeType: "image/png",
        fileName: "only.png",
      });
      const gone: AttachmentRef = {
        kind: "image",
        mimeType: "image/png",
        size: 10,
        ref: `sha256:${"0".repeat(64)}`,
        fileName: "expired.png",
      };
      await publish(
        { id: "images-only", target, text: "", attachments: [ref, gone], createdAt: Date.now() },
        "images-only",
      );
      await eventually(
        () =>
          bot
            .sentMessages(erin.id)
            .find((m) => m.text === "(image expired.png not sent: it is no longer stored)"),
        20_000,
        "the note for the expired image",
      );
      const mine = photos().slice(before);
      assert.equal(mine.length, 1);
      assert.ok(mine[0]!.photo!.bytes.equals(bytes));
    });

    it("a photo Telegram refuses for good becomes a note in its place; the text still goes out", async () => {
      const before = photos().length;
      const ref = await putAttachment(channels.bus, {
        bytes: imageBytes("png", 4000),
        mimeType: "image/png",
        fileName: "wide.png",
      });
      fake.failNext("sendPhoto", {
        kind: "error",
        code: 400,
        description: "Bad Request: PHOTO_INVALID_DIMENSIONS",
      });
      await publish(
        {
          id: "refused-photo",
          target,
          text: "after the refusal",
          attachments: [ref],
          createdAt: Date.now(),
        },
        "refused-photo",
      );
      await eventually(
        () => bot.sentMessages(erin.id).find((m) => m.text === "after the refusal"),
        20_000,
        "the text after the refused photo",
      );
      const texts = bot.sentMessages(erin.id).map((m) => m.text);
      const note = texts.findIndex((t) =>
        /^\(image wide\.png not sent: .*PHOTO_INVALID_DIMENSIONS/.test(t),
      );
      assert.ok(note >= 0 && note < texts.indexOf("after the refusal"), texts.join(" | "));
      assert.equal(photos().length, before, "no photo");
    });
  },
);
