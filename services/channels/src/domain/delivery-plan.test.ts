import assert from "node:assert/strict";
import { test } from "node:test";
import { imageLabel, planDelivery, planImages, targetKey } from "./delivery-plan.js";

const target = {
  channel: "telegram",
  accountId: "default",
  peer: { kind: "dm" as const, id: "1" },
  replyToMessageId: "9",
};

test("only the first chunk replies to the trigger; keys are stable per message and chunk", () => {
  const text = ["a".repeat(30), "b".repeat(30), "c".repeat(30)].join("\n\n");
  const plan = planDelivery({ id: "out:1", target, text }, 40);
  assert.deepEqual(
    plan.map((c) => c.text),
    ["a".repeat(30), "b".repeat(30), "c".repeat(30)],
  );
  assert.deepEqual(
    plan.map((c) => c.replyToMessageId),
    ["9", undefined, undefined],
  );
  assert.deepEqual(
    planDelivery({ id: "out:1", target, text }, 40).map((c) => c.key),
    plan.map((c) => c.key),
  );
  assert.notEqual(planDelivery({ id: "out:2", target, text }, 40)[0]?.key, plan[0]?.key);
  assert.match(
    plan[0]!.key,
    /^telegram\.default\.[A-Za-z0-9_-]+\.0$/,
    "a valid KV key whatever the outbox id",
  );
});

test("a silent reply plans nothing", () => {
  assert.deepEqual(planDelivery({ id: "x", target, text: "NO_REPLY" }, 100), []);
});

test("each chunk carries the platform idempotency key <outbox id>#<index>; a reply without a trigger replies to nothing", () => {
  const text = ["a".repeat(30), "b".repeat(30)].join("\n\n");
  const plan = planDelivery({ id: "out:7", target, text }, 40);
  assert.deepEqual(
    plan.map((c) => [c.index, c.idempotencyKey]),
    [
      [0, "out:7#0"],
      [1, "out:7#1"],
    ],
  );
  const { replyToMessageId: _, ...untriggered } = target;
  assert.deepEqual(
    planDelivery({ id: "out:8", target: untriggered, text }, 40).map((c) =>
      Object.hasOwn(c, "replyToMessageId"),
    ),
    [false, false],
  );
});

test("a typing key names the chat and thread", () => {
  assert.equal(targetKey(target), "telegram/default/dm/1/");
  assert.equal(targetKey({ ...target, threadId: "t5" }), "telegram/default/dm/1/t5");
});

const chart = {
  kind: "image" as const,
  mimeType: "image/png" as const,
  size: 10,
  ref: `sha256:${"a".repeat(64)}`,
  fileName: "chart.png",
};

test("images go first with their own keys; the first image, not the text, replies to the trigger", () => {
  const message = {
    id: "out:img",
    target,
    text: "the text",
    attachments: [chart, { ...chart, fileName: undefined }],
  };
  const images = planImages(message, true);
  assert.deepEqual(
    images.map((i) => [i.idempotencyKey, i.replyToMessageId]),
    [
      ["out:img#image0", "9"],
      ["out:img#image1", undefined],
    ],
  );
  const keys = new Set([...images, ...planDelivery(message, 100)].map((s) => s.key));
  assert.equal(keys.size, 3, "image and chunk keys never collide");
  assert.equal(planDelivery(message, 100)[0]!.replyToMessageId, undefined);
  assert.equal(imageLabel(images[1]!.attachment), "image");
});

test("a channel without image support sends a note instead, never a silent drop", () => {
  const message = {
    id: "out:slack",
    target: { ...target, channel: "slack" },
    text: "see this",
    attachments: [chart],
  };
  assert.deepEqual(planImages(message, false), []);
  const chunks = planDelivery(message, 1000, false);
  assert.deepEqual(
    chunks.map((c) => c.text),
    ["see this\n\n(image chart.png not sent: sending images is not supported on slack yet)"],
  );
  assert.equal(chunks[0]!.replyToMessageId, "9", "the text replies when no image went first");
  assert.deepEqual(
    planDelivery({ ...message, text: "" }, 1000, false).map((c) => c.text),
    ["(image chart.png not sent: sending images is not supported on slack yet)"],
  );
});

test("an image-only reply plans no text chunk", () => {
  assert.deepEqual(planDelivery({ id: "x", target, text: "", attachments: [chart] }, 100), []);
});
