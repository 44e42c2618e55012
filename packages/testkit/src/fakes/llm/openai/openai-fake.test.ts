import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import OpenAI, {
  APIConnectionError,
  APIError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from "openai";
import { llm } from "../llm-behaviour.js";
import { OpenAiFake } from "./openai-fake.js";

const Model = "gpt-4o";
const tools = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    },
  },
];

describe("OpenAiFake with the openai SDK", { timeout: 30_000 }, () => {
  const fake = new OpenAiFake({ models: [Model, "gpt-4o-mini"] });
  let client: OpenAI;
  before(async () => {
    client = new OpenAI({ apiKey: "sk-test", baseURL: await fake.start(), maxRetries: 0 });
  });
  after(() => fake.stop());
  beforeEach(() => fake.script.reset());

  it("answers JSON with the echo default and records system, messages and tools", async () => {
    const completion = await client.chat.completions.create({
      model: Model,
      tools,
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "ping" },
      ],
    });
    assert.equal(completion.choices[0]?.message.content, "echo: ping");
    assert.equal(completion.choices[0]?.finish_reason, "stop");
    assert.match(completion.id, /^chatcmpl-/);
    assert.ok((completion.usage?.total_tokens ?? 0) > 0);
    const recorded = fake.requests.all().at(-1);
    assert.equal(recorded?.system, "be brief");
    assert.deepEqual(recorded?.tools, tools);
    assert.equal(recorded?.apiKey, "sk-test");
  });

  it("returns tool_calls in JSON and accepts the tool answer round trip", async () => {
    fake.script.enqueue(llm.toolUse("get_weather", { city: "Oslo" }));
    const first = await client.chat.completions.create({
      model: Model,
      tools,
      messages: [{ role: "user", content: "weather?" }],
    });
    const message = first.choices[0]?.message;
    assert.equal(first.choices[0]?.finish_reason, "tool_calls");
    assert.equal(message?.content, null);
    const call = message?.tool_calls?.[0];
    assert.ok(call?.type === "function");
    assert.deepEqual(JSON.parse(call.function.arguments), { city: "Oslo" });
    const second = await client.chat.completions.create({
      model: Model,
      tools,
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: "-3C snow" },
      ],
    });
    assert.equal(second.choices[0]?.message.content, "echo: -3C snow");
    await assert.rejects(
      client.chat.completions.create({
        model: Model,
        messages: [
          { role: "assistant", content: null, tool_calls: [call] },
          { role: "user", content: "and?" },
        ],
      }),
      (e: unknown) =>
        e instanceof BadRequestError && e.message.includes("did not have response messages"),
    );
  });

  it("streams text and tool calls as chunks ending with [DONE]", async () => {
    fake.script.enqueue(
      llm.text("alpha beta gamma delta"),
      llm.toolUse("get_weather", { city: "Lima" }, { text: "Checking" }),
    );
    const stream = await client.chat.completions.create({
      model: Model,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "go" }],
    });
    let text = "";
    let chunks = 0;
    let finish: string | null = null;
    let sawUsage = false;
    for await (const part of stream) {
      chunks += 1;
      text += part.choices[0]?.delta.content ?? "";
      finish = part.choices[0]?.finish_reason ?? finish;
      sawUsage ||= part.usage != null;
    }
    assert.equal(text, "alpha beta gamma delta");
    assert.equal(finish, "stop");
    assert.ok(chunks >= 4 && sawUsage);
    const runner = client.chat.completions.stream({
      model: Model,
      tools,
      messages: [{ role: "user", content: "weather" }],
    });
    const final = await runner.finalChatCompletion();
    const message = final.choices[0]?.message;
    assert.equal(message?.content, "Checking");
    const call = message?.tool_calls?.[0];
    assert.ok(call?.type === "function");
    assert.deepEqual(JSON.parse(call.function.arguments), { city: "Lima" });
    assert.equal(final.choices[0]?.finish_reason, "tool_calls");
  });

  it("injects 429 with retry-after, 500, mid-stream errors, drops and delays", async () => {
    fake.script.enqueue(
      llm.error("rate_limit", { retryAfterSeconds: 4 }),
      llm.error("api_error"),
      llm.error("spend_limit"),
    );
    const ask = (): Promise<unknown> =>
      client.chat.completions.create({ model: Model, messages: [{ role: "user", content: "x" }] });
    await assert.rejects(
      ask(),
      (e: unknown) =>
        e instanceof RateLimitError &&
        e.headers.get("retry-after") === "4" &&
        e.code === "rate_limit_exceeded",
    );
    await assert.rejects(
      ask(),
      (e: unknown) => e instanceof InternalServerError && e.status === 500,
    );
    await assert.rejects(
      ask(),
      (e: unknown) => e instanceof RateLimitError && e.code === "insufficient_quota",
    );
    fake.script.enqueue(llm.streamError("api_error", { partialText: "so far" }));
    const stream = await client.chat.completions.create({
      model: Model,
      stream: true,
      messages: [{ role: "user", content: "x" }],
    });
    let partial = "";
    await assert.rejects(
      (async () => {
        for await (const part of stream) partial += part.choices[0]?.delta.content ?? "";
      })(),
      (e: unknown) =>
        e instanceof APIError &&
        e.status === undefined &&
        (e.error as { type?: string }).type === "server_error",
    );
    assert.equal(partial, "so far");
    fake.script.enqueue(llm.drop());
    await assert.rejects(ask(), APIConnectionError);
    fake.script.enqueue(llm.drop({ partialText: "cut off" }));
    const cut = await client.chat.completions.create({
      model: Model,
      stream: true,
      messages: [{ role: "user", content: "x" }],
    });
    let before = "";
    await assert.rejects(
      (async () => {
        for await (const part of cut) before += part.choices[0]?.delta.content ?? "";
      })(),
      (e: unknown) => e instanceof Error && !(e instanceof APIError && e.status !== undefined),
    );
    assert.equal(before, "cut off", "the frames written before the drop arrive");
    fake.script.enqueueFor("gpt-4o-mini", llm.delay(250, llm.text("late")));
    const started = Date.now();
    const late = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "x" }],
    });
    assert.equal(late.choices[0]?.message.content, "late");
    assert.ok(Date.now() - started >= 240);
  });

  it("waits latencyMs before every answer (the benchmark setting)", async () => {
    const slow = new OpenAiFake({ latencyMs: 200 });
    const slowClient = new OpenAI({ apiKey: "k", baseURL: await slow.start(), maxRetries: 0 });
    try {
      const started = Date.now();
      const answer = await slowClient.chat.completions.create({
        model: Model,
        messages: [{ role: "user", content: "turn" }],
      });
      assert.ok(Date.now() - started >= 190);
      assert.equal(answer.choices[0]?.message.content, "echo: turn");
    } finally {
      await slow.stop();
    }
  });

  it("rejects unknown models and missing keys like OpenAI", async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: "gpt-nope",
        messages: [{ role: "user", content: "x" }],
      }),
      (e: unknown) => e instanceof NotFoundError && e.code === "model_not_found",
    );
    const res = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 401);
  });
});
