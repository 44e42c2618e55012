import assert from "node:assert/strict";
import { test } from "node:test";
import { inboxInputSchema, transcriptEntrySchema } from "./agents.js";

const image = {
  kind: "image",
  mimeType: "image/png",
  size: 1234,
  ref: `sha256:${"ab".repeat(32)}`,
  fileName: "photo.png",
};
const input = {
  id: "k1",
  sessionKey: "agent:main:main",
  agentId: "main",
  text: "",
  source: "webchat",
  receivedAt: 1,
};

test("inputs and transcript entries carry up to 8 image references", () => {
  assert.deepEqual(inboxInputSchema.parse({ ...input, attachments: [image] }).attachments, [image]);
  const entry = { role: "user", text: "look", ts: 1, sessionId: "s", attachments: [image] };
  assert.deepEqual(transcriptEntrySchema.parse(entry).attachments, [image]);
  assert.equal(inboxInputSchema.parse(input).attachments, undefined, "optional");
  const nine = Array.from({ length: 9 }, () => image);
  assert.equal(inboxInputSchema.safeParse({ ...input, attachments: nine }).success, false);
});

test("a reference is refused unless it is a sha256 address of an image of a known type", () => {
  for (const bad of [
    { ...image, ref: "sha256:ABC" },
    { ...image, ref: "photo.png" },
    { ...image, mimeType: "image/heic" },
    { ...image, size: 0 },
    { ...image, kind: "file" },
    { ...image, fileName: "x".repeat(256) },
    { ...image, data: undefined, ref: undefined },
  ])
    assert.equal(
      inboxInputSchema.safeParse({ ...input, attachments: [bad] }).success,
      false,
      JSON.stringify(bad).slice(0, 80),
    );
});
