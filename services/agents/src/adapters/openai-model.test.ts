import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { llm, OpenAiFake, sampleImage } from "@clawfleet/testkit";
import type { ChatMessage } from "../domain/models/chat-model.js";
import { ModelError } from "../errors.js";
import { OpenAiModel, toOpenAi } from "./openai/openai-model.js";

const fake = new OpenAiFake();
before(() => fake.start());
after(() => fake.stop());

const client = () =>
  new OpenAiModel(
    { id: "openai", api: "openai-completions", apiKey: "sk-oa", baseURL: fake.baseURL },
    silentLogger,
  );
const ask = (messages: ChatMessage[], deltas: string[] = []) => ({
  model: "gpt-4o",
  system: "be brief",
  messages,
  tools: [
    {
      name: "web_fetch",
      description: "d",
      inputSchema: { type: "object", properties: { url: { type: "string" } } },
    },
  ],
  maxTokens: 50,
  signal: new AbortController().signal,
  onText: (t: string) => void deltas.push(t),
});

test("a tool round trip through chat completions: streamed call, then the tool result answered", async () => {
  fake.script.enqueue(
    llm.toolUse("web_fetch", { url: "https://example.com/" }, { text: "One moment." }),
  );
  const deltas: string[] = [];
  const first = await client().complete(
    ask([{ role: "user", content: [{ type: "text", text: "fetch it" }] }], deltas),
  );
  assert.equal(deltas.join(""), "One moment.");
  assert.equal(first.stopReason, "tool_use");
  const call = first.toolCalls[0]!;
  assert.deepEqual(call.input, { url: "https://example.com/" });
  const second = await client().complete(
    ask([
      { role: "user", content: [{ type: "text", text: "fetch it" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "One moment." },
          { type: "tool_use", ...call },
        ],
      },
      {
        role: "user",
        content: [{ type: "tool_result", toolUseId: call.id, content: "page text" }],
      },
    ]),
  );
  assert.equal(second.text, "echo: page text");
  assert.ok(second.usage.outputTokens > 0, "usage from stream_options.include_usage");
  const sent = fake.requests.all().at(-1)!;
  assert.equal((sent.body as { max_completion_tokens?: number }).max_completion_tokens, 50);
});

test("system prompt and merged user text map to chat messages", () => {
  assert.deepEqual(
    toOpenAi("sys", [
      {
        role: "user",
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      },
    ]),
    [
      { role: "system", content: "sys" },
      { role: "user", content: "a\n\nb" },
    ],
  );
});

test("quota, rate limit and a cut stream are classified", async () => {
  fake.script.enqueue(
    llm.error("spend_limit"),
    llm.error("rate_limit", { retryAfterSeconds: 2 }),
    llm.drop({ partialText: "x" }),
    llm.streamError("api_error"),
  );
  const kinds: string[] = [];
  for (let i = 0; i < 4; i++) {
    await assert.rejects(
      client().complete(ask([{ role: "user", content: [{ type: "text", text: "hi" }] }])),
      (e: unknown) => {
        assert.ok(e instanceof ModelError);
        kinds.push(e.kind + (e.details.retryAfterMs ? `:${e.details.retryAfterMs}` : ""));
        return true;
      },
    );
  }
  assert.deepEqual(kinds, ["spend_limit", "rate_limit:2000", "connection", "server"]);
});

test("context_length_exceeded is a context overflow (the turn compacts), another 400 a bad request", async () => {
  fake.script.enqueue(llm.error("context_overflow"), llm.error("invalid_request"));
  const kinds: string[] = [];
  for (let i = 0; i < 2; i++)
    await assert.rejects(
      client().complete(ask([{ role: "user", content: [{ type: "text", text: "hi" }] }])),
      (e: unknown) => {
        assert.ok(e instanceof ModelError);
        kinds.push(e.kind);
        return true;
      },
    );
  assert.deepEqual(kinds, ["context_overflow", "bad_request"]);
});

test("usage: prompt_tokens is split into uncached input and cache reads (prompt_tokens_details.cached_tokens)", async () => {
  fake.script.enqueue(llm.text("x", { usage: { input: 100, output: 10, cacheRead: 40 } }));
  const response = await client().complete(
    ask([{ role: "user", content: [{ type: "text", text: "hi" }] }]),
  );
  assert.deepEqual(response.usage, {
    inputTokens: 100,
    outputTokens: 10,
    cacheReadTokens: 40,
    cacheWriteTokens: 0,
  });
});

test("image parts reach chat completions as image_url data: URLs in the user message, in order", async () => {
  const gif = sampleImage("image/gif", 2);
  const jpeg = sampleImage("image/jpeg");
  const part = (mimeType: "image/gif" | "image/jpeg", bytes: Uint8Array) => ({
    type: "image" as const,
    mimeType,
    data: Buffer.from(bytes).toString("base64"),
  });
  fake.script.enqueue(llm.describeImages());
  const response = await client().complete(
    ask([
      {
        role: "user",
        content: [
          { type: "text", text: "compare" },
          part("image/gif", gif),
          { type: "text", text: "with" },
          part("image/jpeg", jpeg),
        ],
      },
    ]),
  );
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex").slice(0, 12);
  assert.equal(
    response.text,
    `saw 2 images: image/gif ${gif.byteLength} bytes sha256:${sha(gif)}, image/jpeg ${jpeg.byteLength} bytes sha256:${sha(jpeg)}`,
  );
  const user = fake.requests.all().at(-1)!.messages[1] as { content: { type: string }[] };
  assert.deepEqual(
    user.content.map((p) => p.type),
    ["text", "image_url", "text", "image_url"],
  );
  // Text-only user messages keep the plain string content.
  const plain = toOpenAi("s", [{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  assert.deepEqual(plain[1], { role: "user", content: "hi" });
});
