import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI, { BadRequestError } from "openai";
import { describeImagesResponder } from "../llm-script.js";
import { sampleImage } from "../sample-images.js";
import { OpenAiFake } from "./openai-fake.js";

const Model = "gpt-4o";
const jpeg = sampleImage("image/jpeg", 5);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const dataUrl = (type: string, bytes: Uint8Array) =>
  `data:${type};base64,${Buffer.from(bytes).toString("base64")}`;

describe("OpenAiFake image_url parts", { timeout: 30_000 }, () => {
  const fake = new OpenAiFake();
  let client: OpenAI;
  before(async () => {
    client = new OpenAI({ apiKey: "sk-test", baseURL: await fake.start(), maxRetries: 0 });
  });
  after(() => fake.stop());
  beforeEach(() => fake.script.reset());

  it("accepts data: URL images, records them and, scripted, says what it saw (streamed too)", async () => {
    fake.script.respondWith(describeImagesResponder);
    const stream = await client.chat.completions.create({
      model: Model,
      stream: true,
      messages: [
        { role: "system", content: "be brief" },
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: dataUrl("image/jpeg", jpeg) } },
          ],
        },
      ],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    assert.equal(
      text,
      `saw 1 image: image/jpeg ${jpeg.byteLength} bytes sha256:${sha(jpeg).slice(0, 12)}`,
    );
    const recorded = fake.requests.all().at(-1)!;
    assert.deepEqual(recorded.images, [
      { messageIndex: 1, mimeType: "image/jpeg", size: jpeg.byteLength, sha256: sha(jpeg) },
    ]);
    assert.equal(recorded.lastUserText, "what is this?");
    const plain = await client.chat.completions.create({
      model: Model,
      messages: [{ role: "user", content: "no pictures" }],
    });
    assert.equal(plain.choices[0]?.message.content, "saw no images");
  });

  it("refuses malformed image parts with the API's 400", async () => {
    const cases: [unknown, RegExp][] = [
      [
        { type: "image_url", image_url: { url: "data:image/png;base64,@@@@" } },
        /Expected a base64-encoded data URL/,
      ],
      [
        { type: "image_url", image_url: { url: "data:text/plain;base64,aGVsbG8=" } },
        /Expected a base64-encoded data URL/,
      ],
      [
        {
          type: "image_url",
          image_url: { url: dataUrl("image/png", new TextEncoder().encode("not an image")) },
        },
        /unsupported image/,
      ],
      [
        { type: "image_url", image_url: {} },
        /Missing required parameter: 'messages\[0\]\.content\[1\]\.image_url\.url'/,
      ],
      [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }, /data: URLs only/],
    ];
    for (const [part, expected] of cases) {
      await assert.rejects(
        client.chat.completions.create({
          model: Model,
          messages: [{ role: "user", content: [{ type: "text", text: "look" }, part as never] }],
        }),
        (error: unknown) => error instanceof BadRequestError && expected.test(error.message),
        String(expected),
      );
    }
    await assert.rejects(
      client.chat.completions.create({
        model: Model,
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: [
              { type: "image_url", image_url: { url: dataUrl("image/jpeg", jpeg) } },
            ] as never,
          },
          { role: "user", content: "and?" },
        ],
      }),
      /Invalid value: 'image_url'\. Supported values are: 'text' and 'refusal'/,
    );
  });
});
