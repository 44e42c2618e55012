import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { attachmentRefFor, getAttachment } from "@clawfleet/bus";
import { SignalCliFake, testImage } from "@clawfleet/testkit";
import { startChannelWithAgent, type ChannelWithAgent } from "./support/channel-with-agent.js";

const BOT = "+15550007777";
const ALICE = { number: "+15550100001", name: "Alice" };
const MALLORY = { number: "+15550100066", name: "Mallory" };

describe(
  "inbound images from Signal (getAttachment from the signal-cli fake, real nats-server)",
  { timeout: 120_000 },
  () => {
    let fake: SignalCliFake;
    let harness: ChannelWithAgent;

    before(async () => {
      fake = new SignalCliFake(1000);
      await fake.start();
      fake.addAccount(BOT);
      harness = await startChannelWithAgent(
        {
          agents: { defaults: { mediaMaxMb: 1 } },
          channels: {
            signal: {
              account: BOT,
              httpUrl: fake.url,
              dmPolicy: "pairing",
              allowFrom: [ALICE.number],
            },
          },
        },
        {},
      );
      await harness.waitUntilConnected("signal", 20_000);
    });

    after(async () => {
      await harness?.stop();
      await fake?.stop();
    });

    it("a photo reaches the agent as a stored image, byte for byte, with its text", async () => {
      const image = testImage("jpeg", 300_000, "signal-photo");
      fake.dm(BOT, ALICE, "what is in this photo?", [
        { contentType: "image/jpeg", filename: "beach.jpg", bytes: image },
      ]);
      const input = await harness.answeredInput((i) => i.text === "what is in this photo?");
      const [ref] = input.attachments ?? [];
      assert.equal(ref?.ref, attachmentRefFor(image));
      assert.equal(ref?.fileName, "beach.jpg");
      const stored = await getAttachment(harness.channels.bus, ref?.ref ?? "");
      assert.deepEqual(stored && Buffer.from(stored), Buffer.from(image));
    });

    it("a photo without text is delivered as the image alone", async () => {
      const image = testImage("png", 5_000, "signal-bare");
      fake.dm(BOT, ALICE, "", [{ contentType: "image/png", bytes: image }]);
      const input = await harness.answeredInput(
        (i) => i.attachments?.[0]?.ref === attachmentRefFor(image),
      );
      assert.equal(input.text, "");
    });

    it("a sticker reaches the agent as a placeholder (signal-cli gives no image for it)", async () => {
      fake.sticker(BOT, ALICE, 7);
      const input = await harness.answeredInput((i) => i.text.startsWith("<media:sticker"));
      assert.equal(input.text, "<media:sticker>");
      assert.equal(input.attachments, undefined);
    });

    it("oversized, undownloaded and non-image files stay placeholders with the reason; the text is delivered", async () => {
      const big = testImage("png", 1_200_000, "signal-big");
      fake.dm(BOT, ALICE, "three files", [
        { contentType: "image/png", filename: "big.png", bytes: big },
        {
          contentType: "image/jpeg",
          filename: "skipped.jpg",
          bytes: testImage("jpeg", 3_000),
          downloaded: false,
        },
        { contentType: "application/pdf", filename: "notes.pdf", bytes: Buffer.from("%PDF-1.4") },
      ]);
      const input = await harness.answeredInput((i) => i.text.startsWith("three files"));
      assert.equal(
        input.text,
        [
          "three files",
          "<media:image image/png big.png, 1.1 MB: over the 1 MB image limit>",
          "<media:image image/jpeg skipped.jpg, 3 KB: could not be fetched: signal-cli did not download it>",
          "<media:file application/pdf notes.pdf, 1 KB>",
        ].join("\n"),
      );
      assert.equal(input.attachments, undefined);
      assert.equal(await getAttachment(harness.channels.bus, attachmentRefFor(big)), undefined);
    });

    it("an unknown sender's photo gets a pairing code and is never fetched", async () => {
      const reads = fake.attachmentReads.length;
      fake.dm(BOT, MALLORY, "look", [
        { contentType: "image/png", bytes: testImage("png", 4_000, "signal-stranger") },
      ]);
      const [code] = await fake.waitForSent(MALLORY.number);
      assert.match(code?.message ?? "", /pairing code/i);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(fake.attachmentReads.length, reads);
      assert.equal(
        harness.agent.answered.some((i) => i.text === "look"),
        false,
      );
    });
  },
);
