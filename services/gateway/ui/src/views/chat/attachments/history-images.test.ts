import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyChatEvent, historyToMessages } from "../chat-messages.js";
import { historyImages } from "./history-images.js";

const ref = `sha256:${"ab".repeat(32)}`;

describe("images of a chat.history message", () => {
  it("reads the image blocks after the text block, with their file names as alt text", () => {
    const images = historyImages([
      { type: "text", text: "what is in this picture?" },
      { type: "image", artifactId: ref, mimeType: "image/png", sizeBytes: 120, alt: "cat.png" },
      { type: "image", artifactId: `sha256:${"cd".repeat(32)}`, mimeType: "image/jpeg", alt: "" },
    ]);
    assert.deepEqual(images, [
      { artifactId: ref, mimeType: "image/png", alt: "cat.png" },
      { artifactId: `sha256:${"cd".repeat(32)}`, mimeType: "image/jpeg", alt: "image" },
    ]);
  });

  it("skips blocks it cannot show and content that is not a list", () => {
    assert.deepEqual(historyImages(undefined), []);
    assert.deepEqual(historyImages("text"), []);
    assert.deepEqual(
      historyImages([
        null,
        3,
        { type: "image" },
        { type: "image", artifactId: 7 },
        { type: "text", text: "x" },
      ]),
      [],
    );
  });

  it("gives a reloaded user message its images, an images-only message too", () => {
    const messages = historyToMessages([
      {
        role: "user",
        text: "",
        content: [
          { type: "text", text: "" },
          { type: "image", artifactId: ref, mimeType: "image/png", alt: "cat.png" },
        ],
      },
      { role: "assistant", text: "a cat", content: [{ type: "text", text: "a cat" }] },
    ]);
    assert.deepEqual(messages[0]!.images, [
      { artifactId: ref, mimeType: "image/png", alt: "cat.png" },
    ]);
    assert.equal(messages[1]!.images, undefined);
  });

  it("a live final shows the reply's images, and an images-only reply is not '(no reply)'", () => {
    const streaming = [
      { role: "assistant", text: "", runIds: ["r1"], state: "streaming" as const },
    ];
    const final = (content: unknown[]) =>
      applyChatEvent(
        streaming,
        {
          runId: "r1",
          runIds: ["r1"],
          sessionKey: "agent:main:main",
          seq: 3,
          state: "final",
          ts: 1,
          message: { role: "assistant", content: content as never, timestamp: 1 },
        },
        false,
      )[0]!;
    const withImage = final([
      { type: "text", text: "" },
      { type: "image", artifactId: ref, mimeType: "image/png", sizeBytes: 9, alt: "chart.png" },
    ]);
    assert.equal(withImage.text, "");
    assert.deepEqual(withImage.images, [
      { artifactId: ref, mimeType: "image/png", alt: "chart.png" },
    ]);
    assert.equal(final([{ type: "text", text: "" }]).text, "(no reply)");
  });
});
