import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  base64ToBytes,
  bytesToBase64,
  formatSize,
  payloadRefusal,
  sizeRefusal,
  stageImage,
  toAttachments,
  typeRefusal,
} from "./image-files.js";

// The first bytes of a PNG, then filler: what a picked file holds.
const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < size; i++) bytes[i] = i % 251;
  return bytes;
};

describe("images staged in the chat composer", () => {
  it("reads a picked PNG into the base64 chat.send carries, named and typed", async () => {
    const bytes = png(3000);
    const staged = await stageImage(new File([bytes], "photo.png", { type: "image/png" }), 6 << 20);
    assert.equal(staged.fileName, "photo.png");
    assert.equal(staged.mimeType, "image/png");
    assert.equal(staged.size, 3000);
    assert.equal(staged.refusal, undefined);
    assert.equal(staged.content, Buffer.from(bytes).toString("base64"));
    assert.deepEqual(toAttachments([staged]), [
      { type: "image", mimeType: "image/png", fileName: "photo.png", content: staged.content },
    ]);
  });

  it("names a pasted image that has no file name after its type", async () => {
    const staged = await stageImage(new Blob([png(100)], { type: "image/webp" }), undefined);
    assert.equal(staged.fileName, "pasted-image.webp");
  });

  it("refuses an image larger than maxImageBytes with its size and the limit, and does not read it", async () => {
    const staged = await stageImage(
      new File([png(9_542_000)], "big.png", { type: "image/png" }),
      6 * 1024 * 1024,
    );
    assert.equal(staged.refusal, "big.png is 9.1 MB; images are limited to 6 MB");
    assert.equal(staged.content, "", "nothing read for an image that will not be sent");
  });

  it("takes an image of exactly the limit, and any size when the gateway gave no limit", () => {
    assert.equal(sizeRefusal("a.png", 6 << 20, 6 << 20), undefined);
    assert.match(
      sizeRefusal("a.png", (6 << 20) + 1, 6 << 20)!,
      /a\.png is 6 MB; images are limited to 6 MB/,
    );
    assert.equal(sizeRefusal("a.png", 50 << 20, undefined), undefined);
  });

  it("refuses what is not a PNG, JPEG, GIF or WebP image, naming the file", () => {
    assert.equal(typeRefusal("a.png", "image/png"), undefined);
    assert.equal(typeRefusal("a.jpg", "image/jpeg"), undefined);
    assert.equal(typeRefusal("a.gif", "image/gif"), undefined);
    assert.equal(typeRefusal("a.webp", "image/webp"), undefined);
    assert.equal(
      typeRefusal("photo.heic", "image/heic"),
      "photo.heic: only PNG, JPEG, GIF and WebP images can be attached",
    );
    assert.equal(
      typeRefusal("notes.pdf", "application/pdf"),
      "notes.pdf: not supported: only images can be attached",
    );
    assert.match(typeRefusal("blob", "")!, /only images can be attached/);
  });

  it("refuses a message whose encoded images would not fit one gateway frame", async () => {
    const one = await stageImage(
      new File([png(300_000)], "a.png", { type: "image/png" }),
      undefined,
    );
    assert.equal(payloadRefusal([one], "hi", 1 << 20), undefined);
    assert.equal(payloadRefusal([one, one, one, one], "hi", undefined), undefined);
    assert.match(
      payloadRefusal([one, one, one, one], "hi", 1 << 20)!,
      /one message carries at most 1 MB/,
    );
  });

  it("writes sizes as people read them", () => {
    assert.equal(formatSize(6 * 1024 * 1024), "6 MB");
    assert.equal(formatSize(9_542_000), "9.1 MB");
    assert.equal(formatSize(300), "300 bytes");
    assert.equal(formatSize(1500), "1 KB");
    assert.equal(formatSize(512 * 1024), "512 KB");
  });

  it("round-trips bytes through base64, beyond one chunk", () => {
    const bytes = png(100_000);
    const text = bytesToBase64(bytes);
    assert.equal(text, Buffer.from(bytes).toString("base64"));
    assert.deepEqual(base64ToBytes(text), bytes);
  });
});
