import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { attachmentRefFor, getAttachment } from "@clawfleet/bus";
import type { WaSocketFactory } from "@clawfleet/channels";
import { testImage, WhatsAppFake } from "@clawfleet/testkit";
import { startChannelWithAgent, type ChannelWithAgent } from "./support/channel-with-agent.js";
import { linkWhatsApp, TEST_STATE_KEY } from "./support/whatsapp-under-test.js";

const BOT = "15550100002";
const ALICE = "15550001113";
const MALLORY = "15550009999";

describe(
  "inbound images from WhatsApp (Baileys downloadMedia through the fake socket, real nats-server)",
  { timeout: 120_000 },
  () => {
    let fake: WhatsAppFake;
    let harness: ChannelWithAgent;

    before(async () => {
      fake = new WhatsAppFake();
      harness = await startChannelWithAgent(
        {
          agents: { defaults: { mediaMaxMb: 1 } },
          channels: { whatsapp: { dmPolicy: "allowlist", allowFrom: [`+${ALICE}`] } },
        },
        { CLAWFLEET_STATE_KEY: TEST_STATE_KEY },
        { whatsappSocket: fake.socketFactory as unknown as WaSocketFactory },
      );
      await linkWhatsApp(harness.channels.bus, fake, BOT);
    });

    after(async () => {
      await harness?.stop();
    });

    it("an image's caption is the text and its bytes are stored as an attachment", async () => {
      const image = testImage("jpeg", 300_000, "whatsapp-photo");
      fake.image(ALICE, image, { caption: "what is on this receipt?" });
      const input = await harness.answeredInput((i) => i.text === "what is on this receipt?");
      const [ref] = input.attachments ?? [];
      assert.equal(ref?.ref, attachmentRefFor(image));
      assert.equal(ref?.mimeType, "image/jpeg");
      const stored = await getAttachment(harness.channels.bus, ref?.ref ?? "");
      assert.deepEqual(stored && Buffer.from(stored), Buffer.from(image));
    });

    it("an image without a caption reaches the agent as the image alone", async () => {
      const image = testImage("png", 20_000, "whatsapp-no-caption");
      fake.image(ALICE, image, { mimetype: "image/png" });
      const input = await harness.answeredInput((i) =>
        (i.attachments ?? []).some((a) => a.ref === attachmentRefFor(image)),
      );
      assert.equal(input.text, "");
    });

    it("oversized, understated and expired images stay placeholders with the reason; the text is delivered", async () => {
      const big = testImage("jpeg", 1_200_000, "whatsapp-big");
      fake.image(ALICE, big, { caption: "too big" });
      const bigInput = await harness.answeredInput((i) => i.text.startsWith("too big"));
      assert.equal(
        bigInput.text,
        "too big\n<media:image image/jpeg, 1.1 MB: over the 1 MB image limit>",
      );

      // The message claims 100 KB; the download stops at the cap instead of trusting it.
      const liar = testImage("png", 3_000_000, "whatsapp-liar");
      fake.image(ALICE, liar, {
        caption: "small, honest",
        mimetype: "image/png",
        fileLength: 100_000,
      });
      const liarInput = await harness.answeredInput((i) => i.text.startsWith("small, honest"));
      assert.equal(
        liarInput.text,
        "small, honest\n<media:image image/png, 98 KB: larger than the 1 MB limit>",
      );
      const download = fake.downloads.at(-1);
      assert.equal(download?.complete, false);
      assert.ok((download?.read ?? Infinity) < 1.5 * 1024 * 1024, `read ${download?.read}`);

      const gone = testImage("png", 5_000, "whatsapp-gone");
      fake.image(ALICE, gone, { caption: "expired", mimetype: "image/png", expired: true });
      const goneInput = await harness.answeredInput((i) => i.text.startsWith("expired"));
      assert.equal(
        goneInput.text,
        "expired\n<media:image image/png, 5 KB: could not be fetched: 410>",
      );

      for (const input of [bigInput, liarInput, goneInput])
        assert.equal(input.attachments, undefined);
      for (const bytes of [big, liar, gone])
        assert.equal(await getAttachment(harness.channels.bus, attachmentRefFor(bytes)), undefined);
    });

    it("a view-once photo and a message in a disappearing chat are answered like any other", async () => {
      const image = testImage("jpeg", 40_000, "whatsapp-view-once");
      fake.image(ALICE, image, { caption: "look once", envelope: "viewOnceMessageV2" });
      const viewOnce = await harness.answeredInput((i) => i.text === "look once");
      assert.equal(viewOnce.attachments?.[0]?.ref, attachmentRefFor(image));
      fake.dm(ALICE, "this chat forgets", { envelope: "ephemeralMessage" });
      await harness.answeredInput((i) => i.text === "this chat forgets");
    });

    it("nothing is downloaded for a sender who is not allowed", async () => {
      const before = fake.downloads.length;
      fake.image(MALLORY, testImage("jpeg", 10_000, "whatsapp-stranger"), { caption: "hi" });
      fake.dm(ALICE, "after the stranger");
      await harness.answeredInput((i) => i.text === "after the stranger");
      assert.equal(fake.downloads.length, before);
    });
  },
);
