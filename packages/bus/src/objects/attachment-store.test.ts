import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { Objm } from "@nats-io/obj";
import { provisionPlan } from "../catalogue/index.js";
import { attachmentRefSchema } from "../catalogue/attachments.js";
import { ObjectStores } from "../catalogue/resources.js";
import { natsHandles } from "../core/bus.js";
import { BusError } from "../errors.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { getAttachment, putAttachment } from "./attachment-store.js";

const nats = useNats();
const STREAM = `OBJ_${ObjectStores.Attachments.name}`;

/** A PNG signature followed by random bytes: sniffs as PNG, different each call. */
function pngBytes(size: number): Uint8Array {
  const bytes = randomBytes(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(bytes);
}

async function provisionedBus(name = "test") {
  const bus = await nats.bus(name);
  await provision(bus, provisionPlan, silentLogger);
  return bus;
}

test("an image put from one connection is read back byte for byte from another", async () => {
  const writer = await provisionedBus("writer");
  const reader = await nats.bus("reader");
  const bytes = pngBytes(700_000); // several 128 KiB chunks
  const ref = await putAttachment(writer, { bytes, mimeType: "image/png", fileName: "photo.png" });
  const digest = createHash("sha256").update(bytes).digest("hex");
  assert.deepEqual(ref, {
    kind: "image",
    mimeType: "image/png",
    size: bytes.length,
    ref: `sha256:${digest}`,
    fileName: "photo.png",
  });
  assert.equal(attachmentRefSchema.safeParse(ref).success, true);
  const back = await getAttachment(reader, ref.ref);
  assert.ok(back, "the stored bytes are found");
  assert.equal(Buffer.compare(Buffer.from(back), Buffer.from(bytes)), 0);
});

test("the same bytes sent twice give the same reference and store nothing new", async () => {
  const bus = await provisionedBus();
  const jsm = await natsHandles(bus).jsm();
  const bytes = pngBytes(300_000);
  const first = await putAttachment(bus, { bytes, mimeType: "image/png", fileName: "a.png" });
  const afterFirst = (await jsm.streams.info(STREAM)).state;
  const second = await putAttachment(bus, { bytes, mimeType: "image/png", fileName: "b.png" });
  assert.equal(second.ref, first.ref);
  assert.equal(second.fileName, "b.png", "the reference keeps the name of this send");
  const afterSecond = (await jsm.streams.info(STREAM)).state;
  assert.equal(afterSecond.last_seq, afterFirst.last_seq, "nothing was written");
  assert.equal(afterSecond.messages, afterFirst.messages);
});

test("bytes that are not the image they claim to be are refused and not stored", async () => {
  const bus = await provisionedBus();
  const jsm = await natsHandles(bus).jsm();
  const before = (await jsm.streams.info(STREAM)).state.messages;
  const pdf = new Uint8Array(Buffer.from("%PDF-1.7\n%....", "latin1"));
  await assert.rejects(
    putAttachment(bus, { bytes: pdf, mimeType: "image/png", fileName: "doc.png" }),
    (error: unknown) =>
      error instanceof BusError &&
      error.code === "bad_request" &&
      /doc\.png: its bytes are not image\/png/.test(error.message),
  );
  await assert.rejects(
    putAttachment(bus, { bytes: pngBytes(100), mimeType: "image/jpeg", fileName: "x.jpg" }),
    /x\.jpg is image\/png, not image\/jpeg as declared/,
  );
  await assert.rejects(
    putAttachment(bus, { bytes: new Uint8Array(), mimeType: "image/png" }),
    /attachment is empty/,
  );
  assert.equal((await jsm.streams.info(STREAM)).state.messages, before);
});

test("an unknown reference reads as no longer stored; a malformed one is refused", async () => {
  const bus = await provisionedBus();
  assert.equal(await getAttachment(bus, `sha256:${"0".repeat(64)}`), undefined);
  await assert.rejects(getAttachment(bus, "../../etc/passwd"), /not an attachment reference/);
});

test(
  "an image whose data expired before its metadata reads as no longer stored, without waiting",
  { timeout: 60_000 },
  async () => {
    const bus = await provisionedBus();
    const jsm = await natsHandles(bus).jsm();
    const ref = await putAttachment(bus, { bytes: pngBytes(200_000), mimeType: "image/png" });
    const { nuid } = (await new Objm(natsHandles(bus).js)
      .open(ObjectStores.Attachments.name)
      .then((s) => s.info(ref.ref)))!;
    await jsm.streams.purge(STREAM, { filter: `$O.${ObjectStores.Attachments.name}.C.${nuid}` });
    assert.equal(await getAttachment(bus, ref.ref), undefined);
  },
);

test("a full store refuses a new image with a message saying so", async () => {
  const bus = await provisionedBus();
  const jsm = await natsHandles(bus).jsm();
  const info = await jsm.streams.info(STREAM);
  await jsm.streams.update(STREAM, { ...info.config, max_bytes: info.state.bytes + 50_000 });
  try {
    await assert.rejects(
      putAttachment(bus, { bytes: pngBytes(400_000), mimeType: "image/png", fileName: "big.png" }),
      (error: unknown) =>
        error instanceof BusError &&
        /storing big\.png: the attachments store is full/.test(error.message),
    );
  } finally {
    await provision(bus, provisionPlan, silentLogger);
  }
});
