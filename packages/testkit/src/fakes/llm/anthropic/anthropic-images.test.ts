import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic, { BadRequestError } from "@anthropic-ai/sdk";
import { llm } from "../llm-behaviour.js";
import { sampleImage } from "../sample-images.js";
import { AnthropicFake } from "./anthropic-fake.js";

const Model = "claude-sonnet-4-5";
const png = sampleImage("image/png", 3);
const gif = sampleImage("image/gif");
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

type MediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";
const image = (media_type: MediaType, data: string) => ({
  type: "image" as const,
  source: { type: "base64" as const, media_type, data },
});

describe("AnthropicFake image blocks", { timeout: 30_000 }, () => {
  const fake = new AnthropicFake();
  let client: Anthropic;
  before(async () => {
    client = new Anthropic({ apiKey: "sk-ant-test", baseURL: await fake.start(), maxRetries: 0 });
  });
  after(() => fake.stop());
  beforeEach(() => fake.script.reset());

  it("accepts base64 images, records them and, scripted, says what it saw", async () => {
    fake.script.enqueue(llm.describeImages());
    const message = await client.messages.create({
      model: Model,
      max_tokens: 100,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            image("image/png", b64(png)),
            image("image/gif", b64(gif)),
          ],
        },
      ],
    });
    const text = message.content[0]?.type === "text" ? message.content[0].text : "";
    assert.equal(
      text,
      `saw 2 images: image/png ${png.byteLength} bytes sha256:${sha(png).slice(0, 12)}, image/gif ${gif.byteLength} bytes sha256:${sha(gif).slice(0, 12)}`,
    );
    const recorded = fake.requests.all().at(-1)!;
    assert.deepEqual(recorded.images, [
      { messageIndex: 0, mimeType: "image/png", size: png.byteLength, sha256: sha(png) },
      { messageIndex: 0, mimeType: "image/gif", size: gif.byteLength, sha256: sha(gif) },
    ]);
    assert.equal(recorded.lastUserText, "what is this?");
  });

  it("refuses malformed image blocks with the API's 400 naming the block", async () => {
    const cases: [unknown, RegExp][] = [
      [
        image("image/heic" as MediaType, b64(png)),
        /content\.1\.image\.source\.base64\.media_type: Input should be/,
      ],
      [image("image/png", ""), /image cannot be empty/],
      [image("image/png", "not base64!"), /invalid base64 data/],
      [
        image("image/png", b64(new TextEncoder().encode("plain text, no image"))),
        /Could not process image/,
      ],
      [
        image("image/jpeg", b64(png)),
        /specified using the image\/jpeg media type, but the image appears to be a image\/png image/,
      ],
      [
        { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
        /base64 images only/,
      ],
    ];
    for (const [block, expected] of cases) {
      await assert.rejects(
        client.messages.create({
          model: Model,
          max_tokens: 100,
          messages: [{ role: "user", content: [{ type: "text", text: "look" }, block as never] }],
        }),
        (error: unknown) => error instanceof BadRequestError && expected.test(error.message),
        String(expected),
      );
    }
    await assert.rejects(
      client.messages.create({
        model: Model,
        max_tokens: 100,
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: [image("image/png", b64(png)) as never] },
          { role: "user", content: "and?" },
        ],
      }),
      /messages\.1\.content\.0\.image: images are only allowed in user messages/,
    );
  });
});
