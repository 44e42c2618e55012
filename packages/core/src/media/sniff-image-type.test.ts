import assert from "node:assert/strict";
import { test } from "node:test";
import { isImageMimeType, sniffImageType } from "./sniff-image-type.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));

test("PNG, JPEG, GIF and WebP are recognised by their magic bytes", () => {
  assert.equal(
    sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)),
    "image/png",
  );
  assert.equal(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)), "image/jpeg");
  assert.equal(sniffImageType(ascii("GIF89a\x01\x00\x01\x00")), "image/gif");
  assert.equal(sniffImageType(ascii("GIF87a\x01\x00\x01\x00")), "image/gif");
  assert.equal(sniffImageType(ascii("RIFF\x24\x00\x00\x00WEBPVP8 ")), "image/webp");
});

test("other files, truncated headers and empty input are not images", () => {
  assert.equal(sniffImageType(new Uint8Array()), undefined);
  assert.equal(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47)), undefined); // PNG cut short
  assert.equal(sniffImageType(ascii("%PDF-1.7\n")), undefined);
  assert.equal(sniffImageType(ascii("RIFF\x24\x00\x00\x00WAVEfmt ")), undefined); // a WAV, not WebP
  assert.equal(sniffImageType(ascii("....WEBPVP8 ")), undefined); // WEBP without RIFF
  assert.equal(sniffImageType(ascii("\x00\x00\x00\x18ftypheic")), undefined); // HEIC
  assert.equal(sniffImageType(ascii("hello, world")), undefined);
});

test("only the four chat image types count as image mime types", () => {
  assert.equal(isImageMimeType("image/png"), true);
  assert.equal(isImageMimeType("image/heic"), false);
  assert.equal(isImageMimeType("image/svg+xml"), false);
});
