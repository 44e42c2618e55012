import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { createLogger, type LogRecord } from "@clawfleet/log";
import { AnthropicFake, llm, sampleImage } from "@clawfleet/testkit";
import { ModelError } from "../errors.js";
import { AnthropicModel } from "./anthropic/anthropic-model.js";

const fake = new AnthropicFake();
before(() => fake.start());
after(() => fake.stop());

function model(records: LogRecord[]) {
  const logger = createLogger(
    { service: "agents", instance: "t", level: "debug", format: "json" },
    { write: () => {} },
  );
  logger.addSink((r) => void records.push(r));
  return new AnthropicModel(
    { id: "anthropic", api: "anthropic-messages", apiKey: "sk-test", baseURL: fake.baseURL },
    logger,
  );
}

const request = (modelId: string, deltas: string[] = []) => ({
  model: modelId,
  system: "s",
  messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }],
  tools: [],
  maxTokens: 100,
  signal: new AbortController().signal,
  onText: (t: string) => void deltas.push(t),
});

test("a deprecated model's SDK console warning goes to the service log, never to the console", async () => {
  const records: LogRecord[] = [];
  const warned: unknown[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args);
  try {
    const client = model(records);
    await client.complete(request("claude-sonnet-4-5"));
    await client.complete(request("claude-sonnet-4-5"));
  } finally {
    console.warn = original;
  }
  assert.deepEqual(warned, []);
  const notes = records.filter((r) => /deprecated/.test(String(r.msg)));
  assert.equal(notes.length, 2);
  assert.deepEqual(
    notes.map((r) => r.level),
    ["info", "debug"],
    "logged once at info, repeats at debug",
  );
});

test("streams text deltas and assembles tool calls", async () => {
  fake.script.enqueue(
    llm.toolUse("web_fetch", { url: "https://example.com/" }, { text: "Checking." }),
  );
  const deltas: string[] = [];
  const response = await model([]).complete(request("claude-opus-4-5", deltas));
  assert.equal(deltas.join(""), "Checking.");
  assert.equal(response.stopReason, "tool_use");
  assert.deepEqual(
    response.toolCalls.map((c) => [c.name, c.input]),
    [["web_fetch", { url: "https://example.com/" }]],
  );
  assert.ok(response.usage.inputTokens > 0 && response.usage.outputTokens > 0);
});

test("SDK failures arrive classified, with retry-after", async () => {
  fake.script.enqueue(
    llm.error("rate_limit", { retryAfterSeconds: 3 }),
    llm.error("spend_limit"),
    llm.error("overloaded"),
    llm.streamError("overloaded"),
    llm.drop({ partialText: "x" }),
    llm.error("authentication"),
  );
  const kinds: string[] = [];
  for (let i = 0; i < 6; i++) {
    await assert.rejects(model([]).complete(request("claude-opus-4-5")), (e: unknown) => {
      assert.ok(e instanceof ModelError);
      kinds.push(e.kind + (e.details.retryAfterMs ? `:${e.details.retryAfterMs}` : ""));
      return true;
    });
  }
  assert.deepEqual(kinds, [
    "rate_limit:3000",
    "spend_limit",
    "overloaded",
    "overloaded",
    "connection",
    "auth",
  ]);
});

test("an image part reaches the Messages API as a base64 image block: the model sees exactly those bytes", async () => {
  const png = sampleImage("image/png", 7);
  fake.script.enqueue(llm.describeImages());
  const response = await model([]).complete({
    ...request("claude-opus-4-5"),
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "what is in it?" },
          {
            type: "image",
            mimeType: "image/png",
            data: Buffer.from(png).toString("base64"),
            name: "photo.png",
          },
        ],
      },
    ],
  });
  const sha = createHash("sha256").update(png).digest("hex");
  assert.equal(
    response.text,
    `saw 1 image: image/png ${png.byteLength} bytes sha256:${sha.slice(0, 12)}`,
  );
  const sent = fake.requests.all().at(-1)!.messages[0] as { content: { type: string }[] };
  assert.deepEqual(
    sent.content.map((b) => b.type),
    ["text", "image"],
    "text first, then the image, in the order of the parts",
  );
});
