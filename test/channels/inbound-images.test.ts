import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { attachmentRefFor, getAttachment, type InboxInput } from "@clawfleet/bus";
import {
  DiscordFake,
  TelegramFake,
  testImage,
  tgUser,
  type DiscordFakeBot,
  type TelegramFakeBot,
} from "@clawfleet/testkit";
import { startChannelWithAgent, type ChannelWithAgent } from "./support/channel-with-agent.js";

const TELEGRAM_TOKEN = "7101:telegram-images-token";
const DISCORD_TOKEN = "MTAxMDEx.images.token";
/** `agents.defaults.mediaMaxMb: 1` → images up to 1 MiB pass as images. */
const LIMIT_MB = 1;

describe(
  "inbound images (Telegram and Discord fakes, real nats-server)",
  { timeout: 180_000 },
  () => {
    let telegram: TelegramFake;
    let tgBot: TelegramFakeBot;
    let discord: DiscordFake;
    let dcBot: DiscordFakeBot;
    let harness: ChannelWithAgent;
    const alice = tgUser(601, "Alice", "alice");
    const stranger = tgUser(602, "Stranger", "stranger");
    let dcAlice: ReturnType<DiscordFake["addUser"]>;

    before(async () => {
      telegram = new TelegramFake();
      await telegram.start();
      tgBot = telegram.addBot({ token: TELEGRAM_TOKEN, username: "claw_images_bot" });
      discord = new DiscordFake({ heartbeatIntervalMs: 1000 });
      await discord.start();
      dcBot = discord.addBot({ token: DISCORD_TOKEN, username: "clawimages" });
      dcAlice = discord.addUser("alice");
      harness = await startChannelWithAgent(
        {
          agents: { defaults: { mediaMaxMb: LIMIT_MB } },
          channels: {
            telegram: { dmPolicy: "pairing", allowFrom: ["601"], apiRoot: telegram.apiRoot },
            discord: { dmPolicy: "allowlist", allowFrom: [dcAlice.id], apiBase: discord.apiBase },
          },
        },
        { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, DISCORD_BOT_TOKEN: DISCORD_TOKEN },
      );
      await tgBot.updates.waitForPoll(20_000);
      await harness.channels.waitForLog(/^\[discord\] logged in to discord as clawimages$/, 30_000);
    });

    after(async () => {
      await harness?.stop();
      await telegram?.stop();
      await discord?.stop();
    });

    async function assertStored(input: InboxInput, image: Uint8Array, mimeType: string) {
      assert.equal(input.attachments?.length, 1, "one image reference on the input");
      const [ref] = input.attachments ?? [];
      assert.equal(ref?.ref, attachmentRefFor(image));
      assert.equal(ref?.mimeType, mimeType);
      assert.equal(ref?.size, image.byteLength);
      const stored = await getAttachment(harness.channels.bus, ref?.ref ?? "");
      assert.deepEqual(
        stored && Buffer.from(stored),
        Buffer.from(image),
        "stored bytes = served bytes",
      );
    }

    it("Telegram: a photo from an approved sender reaches the inbox as a stored image, caption intact", async () => {
      const image = testImage("jpeg", 300_000, "tg-photo");
      tgBot.injectPhotoMessage(alice, image, { caption: "what is in this picture?" });
      const input = await harness.answeredInput((i) => i.text === "what is in this picture?");
      await assertStored(input, image, "image/jpeg");
      const photo = tgBot.files.downloads.filter((d) => d.status === 200);
      assert.equal(photo.length, 1, "only the largest size was downloaded");
    });

    it("Telegram: an image-only message arrives with empty text and the image", async () => {
      const image = testImage("png", 20_000, "tg-doc");
      tgBot.injectDocumentMessage(alice, image, { fileName: "chart.png", mimeType: "image/png" });
      const input = await harness.answeredInput(
        (i) => i.attachments?.[0]?.ref === attachmentRefFor(image),
      );
      assert.equal(input.text, "");
      assert.equal(input.attachments?.[0]?.fileName, "chart.png");
      await assertStored(input, image, "image/png");
    });

    it("Telegram: an oversized image stays a placeholder and nothing is stored", async () => {
      const image = testImage("png", 2_000_000, "tg-big");
      tgBot.injectDocumentMessage(
        alice,
        image,
        { fileName: "big.png", mimeType: "image/png" },
        { caption: "too big?" },
      );
      const input = await harness.answeredInput((i) => i.text.startsWith("too big?"));
      assert.equal(
        input.text,
        "too big?\n<media:image image/png big.png, 1.9 MB: over the 1 MB image limit>",
      );
      assert.equal(input.attachments, undefined);
      assert.equal(await getAttachment(harness.channels.bus, attachmentRefFor(image)), undefined);
    });

    it("Telegram: a file that answers 404 becomes a placeholder with the reason; the text is delivered", async () => {
      const image = testImage("jpeg", 10_000, "tg-gone");
      tgBot.injectPhotoMessage(alice, image, { caption: "gone already", expired: true });
      const input = await harness.answeredInput((i) => i.text.startsWith("gone already"));
      assert.match(
        input.text,
        /^gone already\n<media:image image\/jpeg, 10 KB: could not be fetched: 404>$/,
      );
      assert.equal(input.attachments, undefined);
    });

    it("Telegram: a non-image document is a placeholder and is not downloaded", async () => {
      const before = tgBot.files.downloads.all().length;
      tgBot.injectDocumentMessage(
        alice,
        new TextEncoder().encode("%PDF-1.7 hello"),
        { fileName: "notes.pdf", mimeType: "application/pdf" },
        { caption: "my notes" },
      );
      const input = await harness.answeredInput((i) => i.text.startsWith("my notes"));
      assert.equal(input.text, "my notes\n<media:document application/pdf notes.pdf, 1 KB>");
      assert.equal(tgBot.files.downloads.all().length, before);
    });

    it("Telegram: an unknown sender's photo gets a pairing code only — nothing downloaded or stored", async () => {
      const image = testImage("jpeg", 50_000, "tg-stranger");
      const before = tgBot.files.downloads.all().length;
      tgBot.injectPhotoMessage(stranger, image, { caption: "hi, look" });
      const code = await tgBot.waitForSentMessage({ chatId: stranger.id, timeoutMs: 30_000 });
      assert.match(code.text, /pairing code/i);
      assert.equal(
        tgBot.files.downloads.all().length,
        before,
        "no download for an unpaired sender",
      );
      assert.equal(await getAttachment(harness.channels.bus, attachmentRefFor(image)), undefined);
      assert.equal(
        harness.agent.answered.some((i) => i.text.includes("hi, look")),
        false,
      );
    });

    it("Discord: an attachment from an allowed sender reaches the inbox as a stored image, text intact", async () => {
      const image = testImage("png", 400_000, "dc-photo");
      dcBot.injectDirectMessage(dcAlice, "is this a cat?", {
        attachments: [{ fileName: "cat.png", contentType: "image/png", bytes: image }],
      });
      const input = await harness.answeredInput((i) => i.text === "is this a cat?");
      await assertStored(input, image, "image/png");
      assert.equal(input.attachments?.[0]?.fileName, "cat.png");
    });

    it("Discord: oversized → placeholder, 404 → placeholder with reason; the text is delivered", async () => {
      const big = testImage("webp", 1_500_000, "dc-big");
      const gone = testImage("gif", 5_000, "dc-gone");
      dcBot.injectDirectMessage(dcAlice, "two pictures", {
        attachments: [
          { fileName: "big.webp", contentType: "image/webp", bytes: big },
          { fileName: "gone.gif", contentType: "image/gif", bytes: gone, expired: true },
        ],
      });
      const input = await harness.answeredInput((i) => i.text.startsWith("two pictures"));
      assert.equal(
        input.text,
        [
          "two pictures",
          "<media:image image/webp big.webp, 1.4 MB: over the 1 MB image limit>",
          "<media:image image/gif gone.gif, 5 KB: could not be fetched: 404>",
        ].join("\n"),
      );
      assert.equal(input.attachments, undefined);
      assert.equal(await getAttachment(harness.channels.bus, attachmentRefFor(big)), undefined);
    });

    it("Discord: a sticker reaches the agent as a placeholder with its name", async () => {
      dcBot.injectDirectMessage(dcAlice, "", { stickers: ["Wave"] });
      const input = await harness.answeredInput((i) => i.text.startsWith("<media:sticker"));
      assert.equal(input.text, "<media:sticker Wave>");
      assert.equal(input.attachments, undefined);
    });

    it("Discord: an image-only message arrives with empty text and the image", async () => {
      const image = testImage("jpeg", 8_000, "dc-only");
      dcBot.injectDirectMessage(dcAlice, "", {
        attachments: [{ fileName: "only.jpg", contentType: "image/jpeg", bytes: image }],
      });
      const input = await harness.answeredInput(
        (i) => i.attachments?.[0]?.ref === attachmentRefFor(image),
      );
      assert.equal(input.text, "");
      await assertStored(input, image, "image/jpeg");
    });
  },
);
