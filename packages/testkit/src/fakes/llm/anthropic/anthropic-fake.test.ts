import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import Anthropic, {
  AnthropicError,
  APIConnectionError,
  APIError,
  BadRequestError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import { llm } from "../llm-behaviour.js";
import { AnthropicFake } from "./anthropic-fake.js";

const Model = "claude-sonnet-4-6";
const weatherTool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } } },
};

describe("AnthropicFake with @anthropic-ai/sdk", { timeout: 30_000 }, () => {
  const fake = new AnthropicFake();
  let client: Anthropic;
  before(async () => {
    client = new Anthropic({ apiKey: "sk-ant-test", baseURL: await fake.start(), maxRetries: 0 });
  });
  after(() => fake.stop());
  beforeEach(() => fake.script.reset());

  it("echoes the last user text by default and records the request", async () => {
    const message = await client.messages.create({
      model: Model,
      max_tokens: 100,
      system: "be brief",
      tools: [weatherTool],
      messages: [
        { role: "user", content: "first" },
        { role: "assistant", content: "ok" },
        { role: "user", content: [{ type: "text", text: "second" }] },
      ],
    });
    assert.deepEqual(message.content, [{ type: "text", text: "echo: second" }]);
    assert.equal(message.stop_reason, "end_turn");
    assert.match(message.id, /^msg_01/);
    const [recorded] = fake.requests.all().slice(-1);
    assert.equal(recorded?.model, Model);
    assert.equal(recorded?.system, "be brief");
    assert.equal(recorded?.messages.length, 3);
    assert.deepEqual(recorded?.tools, [weatherTool]);
    assert.equal(recorded?.apiKey, "sk-ant-test");
    assert.match(recorded?.headers["authorization"] ?? "", /^Bearer sk-ant-test$/);
  });

  it("streams text in the real event order", async () => {
    fake.script.enqueue(llm.text("one two three four five"));
    const stream = await client.messages.create({
      model: Model,
      max_tokens: 100,
      stream: true,
      messages: [{ role: "user", content: "count" }],
    });
    const events: string[] = [];
    let text = "";
    for await (const event of stream) {
      events.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta")
        text += event.delta.text;
    }
    assert.equal(text, "one two three four five");
    assert.deepEqual(
      events.filter((e, i) => e !== events[i - 1]),
      [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ],
    );
    assert.ok(
      events.filter((e) => e === "content_block_delta").length >= 3,
      "text arrives in several deltas",
    );
  });

  it("streams tool_use with input_json_delta and parses it with the stream helper", async () => {
    fake.script.enqueue(
      llm.toolUse("get_weather", { city: "Rome", units: "metric" }, { text: "Let me check." }),
    );
    const texts: string[] = [];
    const stream = client.messages.stream({
      model: Model,
      max_tokens: 100,
      tools: [weatherTool],
      messages: [{ role: "user", content: "weather?" }],
    });
    stream.on("text", (t) => texts.push(t));
    const final = await stream.finalMessage();
    assert.equal(final.stop_reason, "tool_use");
    assert.equal(texts.join(""), "Let me check.");
    const tool = final.content[1];
    assert.equal(tool?.type, "tool_use");
    assert.deepEqual(tool?.type === "tool_use" ? tool.input : null, {
      city: "Rome",
      units: "metric",
    });
    assert.match(tool?.type === "tool_use" ? tool.id : "", /^toolu_01/);
    const followUp = await client.messages.create({
      model: Model,
      max_tokens: 100,
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: final.content },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: tool?.type === "tool_use" ? tool.id : "",
              content: "22C sunny",
            },
          ],
        },
      ],
    });
    assert.deepEqual(followUp.content, [{ type: "text", text: "echo: 22C sunny" }]);
  });

  it("maps scripted HTTP errors to the SDK's error classes", async () => {
    const ask = (): Promise<unknown> =>
      client.messages.create({
        model: Model,
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      });
    fake.script.enqueue(
      llm.error("rate_limit", { retryAfterSeconds: 7 }),
      llm.error("overloaded"),
      llm.error("api_error"),
      llm.error("spend_limit"),
    );
    await assert.rejects(
      ask(),
      (e: unknown) =>
        e instanceof RateLimitError &&
        e.headers.get("retry-after") === "7" &&
        e.type === "rate_limit_error",
    );
    await assert.rejects(ask(), (e: unknown) => e instanceof OverloadedError && e.status === 529);
    await assert.rejects(
      ask(),
      (e: unknown) =>
        e instanceof InternalServerError && e.status === 500 && e.type === "api_error",
    );
    await assert.rejects(ask(), (e: unknown) => {
      assert.ok(e instanceof Anthropic.EnforcedSpendLimitReachedError, `got ${String(e)}`);
      assert.ok(e instanceof RateLimitError);
      assert.equal(e.errorCode, "enforced_spend_limit_reached");
      return true;
    });
    assert.equal((await ask()) !== null, true, "queue drained: back to echo");
  });

  it("surfaces a mid-stream error event and a dropped stream", async () => {
    fake.script.enqueue(
      llm.streamError("overloaded", { partialText: "half an" }),
      llm.drop({ partialText: "cut" }),
    );
    const received: string[] = [];
    const failing = client.messages.stream({
      model: Model,
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    });
    failing.on("text", (t) => received.push(t));
    await assert.rejects(failing.finalMessage(), (e: unknown) => {
      assert.ok(e instanceof APIError);
      assert.equal(e.status, undefined);
      assert.equal((e.error as { error: { type: string } }).error.type, "overloaded_error");
      return true;
    });
    assert.equal(received.join(""), "half an");
    const dropped = client.messages.stream({
      model: Model,
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    });
    // A connection cut mid-stream surfaces as a bare AnthropicError("terminated"), not APIConnectionError.
    await assert.rejects(
      dropped.finalMessage(),
      (e: unknown) =>
        e instanceof AnthropicError && !(e instanceof APIError) && e.message === "terminated",
    );
    fake.script.enqueue(llm.drop());
    await assert.rejects(
      client.messages.create({
        model: Model,
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      }),
      APIConnectionError,
    );
  });

  it("routes per-model queues before the shared queue and delays answers", async () => {
    fake.script
      .enqueueFor("claude-opus-4-5", llm.error("overloaded"))
      .enqueue(llm.delay(300, llm.text("slow")));
    const ask = (model: string): Promise<Anthropic.Message> =>
      client.messages.create({ model, max_tokens: 10, messages: [{ role: "user", content: "x" }] });
    await assert.rejects(ask("claude-opus-4-5"), OverloadedError);
    const started = Date.now();
    const slow = await ask(Model);
    assert.ok(Date.now() - started >= 290);
    assert.deepEqual(slow.content, [{ type: "text", text: "slow" }]);
    assert.equal(fake.script.pending, 0);
  });

  it("validates like the API: auth, version header, tool pairing, system role", async () => {
    const post = (headers: Record<string, string>, body: unknown): Promise<Response> =>
      fetch(`${fake.baseURL}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const minimal = { model: Model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] };
    const noKey = await post({ "anthropic-version": "2023-06-01" }, minimal);
    assert.equal(noKey.status, 401);
    assert.equal(
      ((await noKey.json()) as { error: { type: string } }).error.type,
      "authentication_error",
    );
    const legacy = await post({ "x-api-key": "k", "anthropic-version": "2023-06-01" }, minimal);
    assert.equal(legacy.status, 200, "x-api-key is accepted too");
    const noVersion = await post({ "x-api-key": "k" }, minimal);
    assert.equal(noVersion.status, 400);
    await assert.rejects(
      client.messages.create({
        model: Model,
        max_tokens: 5,
        messages: [
          { role: "user", content: "a" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_x", name: "t", input: {} }],
          },
          { role: "user", content: "b" },
        ],
      }),
      (e: unknown) =>
        e instanceof BadRequestError &&
        /tool_use` ids were found without `tool_result`/.test(e.message),
    );
    const systemRole = await post(
      { "x-api-key": "k", "anthropic-version": "2023-06-01" },
      { ...minimal, messages: [{ role: "system", content: "x" }, ...minimal.messages] },
    );
    assert.equal(systemRole.status, 400);
  });
});

describe("AnthropicFake for benchmarks", { timeout: 30_000 }, () => {
  it("answers without keeping requests when recordRequests is off", async () => {
    const fake = new AnthropicFake({ recordRequests: false });
    const client = new Anthropic({
      apiKey: "sk-ant-test",
      baseURL: await fake.start(),
      maxRetries: 0,
    });
    try {
      const stream = await client.messages.create({
        model: Model,
        max_tokens: 100,
        stream: true,
        messages: [{ role: "user", content: "hello" }],
      });
      let text = "";
      for await (const event of stream)
        if (event.type === "content_block_delta" && event.delta.type === "text_delta")
          text += event.delta.text;
      assert.equal(text, "echo: hello");
      assert.equal(fake.requests.all().length, 0);
    } finally {
      await fake.stop();
    }
  });
});
