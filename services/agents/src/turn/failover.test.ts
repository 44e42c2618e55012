import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Bus, OutboxMessage } from "@clawfleet/bus";
import { AnthropicFake, llm, OpenAiFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  recordEvents,
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  until,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const anthropic = new AnthropicFake();
const openai = new OpenAiFake();
let worker: TestWorker;
let closedPort: number;

/** A port nothing listens on: connecting to it is refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const agent = (id: string, primary: string, fallbacks = ["anthropic/fallback-model"]) => ({
  id,
  model: { primary, fallbacks },
});

before(async () => {
  ({ nats, bus } = await startTestNats());
  await anthropic.start();
  await openai.start();
  closedPort = await refusedPort();
  worker = await startWorker(
    nats.url,
    {
      agents: {
        defaults: { model: "anthropic/fallback-model" },
        list: [
          { id: "main", default: true },
          agent("a429", "anthropic/m-429"),
          agent("a529", "anthropic/m-529"),
          agent("astream", "anthropic/m-stream"),
          agent("arefused", "dead/m-refused"),
          agent("adrop", "anthropic/m-drop"),
          agent("aspend", "billed/m-spend", ["billed/m-other", "openai/gpt-4o"]),
          agent("abad", "anthropic/m-bad"),
          agent("aretry", "anthropic/m-retry", []),
          agent("anokey", "openai/gpt-4o-nokey", ["anthropic/fallback-model"]),
          agent("aonlynokey", "google/gemini-2.5-pro", []),
        ],
      },
      models: {
        providers: {
          dead: {
            baseUrl: `http://127.0.0.1:${closedPort}`,
            api: "anthropic-messages",
            apiKey: "x",
          },
          billed: { baseUrl: anthropic.baseURL, api: "anthropic-messages", apiKey: "sk-billed" },
        },
      },
    },
    {
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: anthropic.baseURL,
      OPENAI_API_KEY: "sk-oa",
      OPENAI_BASE_URL: openai.baseURL,
    },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await anthropic.stop();
  await openai.stop();
  await nats.dispose();
});

function repliesFor(messages: OutboxMessage[], sessionKey: string): OutboxMessage[] {
  return messages.filter((m) => m.sessionKey === sessionKey);
}

/** Sends one message to an agent's session and waits for its reply; returns every reply of the session. */
async function ask(agentId: string, text: string, expected = 1): Promise<OutboxMessage[]> {
  const key = `agent:${agentId}:main`;
  await submit(bus, telegramInput(key, text, "200", { agentId }));
  await waitForOutbox(bus, (m) => repliesFor(m, key).length >= expected);
  await new Promise((r) => setTimeout(r, 300)); // a duplicate would show up by now
  return repliesFor(await waitForOutbox(bus, () => true), key);
}

const modelsAsked = (since: number) =>
  anthropic.requests
    .all()
    .filter((r) => r.at >= since)
    .map((r) => r.model);

describe("failover to the next model", () => {
  test("429 with retry-after: one reply from the fallback; the next turn skips the cooling model", async () => {
    anthropic.script.enqueueFor("m-429", llm.error("rate_limit", { retryAfterSeconds: 60 }));
    const start = Date.now();
    const replies = await ask("a429", "first");
    assert.equal(replies.length, 1);
    assert.match(replies[0]!.text, /^echo: .*first/s);
    assert.deepEqual(modelsAsked(start), ["m-429", "fallback-model"]);
    const second = Date.now();
    await ask("a429", "second", 2);
    assert.deepEqual(
      modelsAsked(second),
      ["fallback-model"],
      "the rate-limited model is skipped while it cools down",
    );
  });

  test("529 overloaded: one reply from the fallback, then the cooldown skips it", async () => {
    anthropic.script.enqueueFor("m-529", llm.error("overloaded"));
    const start = Date.now();
    const replies = await ask("a529", "busy?");
    assert.equal(replies.length, 1);
    assert.deepEqual(modelsAsked(start), ["m-529", "fallback-model"]);
    const second = Date.now();
    await ask("a529", "again", 2);
    assert.deepEqual(modelsAsked(second), ["fallback-model"]);
  });

  test("an error mid-stream: the UI sees a restart, the channel one whole reply and no partial text", async () => {
    anthropic.script.enqueueFor(
      "m-stream",
      llm.streamError("overloaded", { partialText: "HALF-WRITTEN ANSWER" }),
    );
    const rec = recordEvents(bus);
    const replies = await ask("astream", "tell me");
    assert.equal(replies.length, 1);
    assert.doesNotMatch(replies[0]!.text, /HALF-WRITTEN/);
    assert.match(replies[0]!.text, /^echo: /);
    await until(() =>
      rec.events.some(
        (e) => e.sessionKey === "agent:astream:main" && e.type === "lifecycle" && e.phase === "end",
      ),
    );
    const mine = rec.events.filter((e) => e.sessionKey === "agent:astream:main");
    const restart = mine.findIndex((e) => e.type === "lifecycle" && e.phase === "restart");
    const partial = mine.findIndex((e) => e.type === "delta" && e.text.includes("HALF"));
    assert.ok(
      partial >= 0 && restart > partial,
      "the partial text streamed, then a restart was announced",
    );
    rec.stop();
  });

  test("a refused connection fails over to the next model", async () => {
    const start = Date.now();
    const replies = await ask("arefused", "anyone there?");
    assert.equal(replies.length, 1);
    assert.match(replies[0]!.text, /^echo: /);
    assert.deepEqual(modelsAsked(start), ["fallback-model"]);
  });

  test("a connection dropped mid-stream fails over without a half reply", async () => {
    anthropic.script.enqueueFor("m-drop", llm.drop({ partialText: "CUT OFF" }));
    const replies = await ask("adrop", "stream please");
    assert.equal(replies.length, 1);
    assert.doesNotMatch(replies[0]!.text, /CUT OFF/);
  });

  test("a spend limit is not retried on that provider (any of its models): the OpenAI fallback answers", async () => {
    anthropic.script.enqueueFor("m-spend", llm.error("spend_limit"));
    const start = Date.now();
    const replies = await ask("aspend", "money?");
    assert.equal(replies.length, 1);
    assert.deepEqual(
      modelsAsked(start),
      ["m-spend"],
      "no retry, and the provider's other model is skipped too",
    );
    assert.equal(
      openai.requests.all().filter((r) => r.at >= start && r.model === "gpt-4o").length,
      1,
    );
    const second = Date.now();
    await ask("aspend", "still broke?", 2);
    assert.deepEqual(modelsAsked(second), []);
  });

  test("a 400 request error is reported, not retried on other models", async () => {
    anthropic.script.enqueueFor(
      "m-bad",
      llm.error("invalid_request", { message: "prompt is too long" }),
    );
    const start = Date.now();
    const replies = await ask("abad", "huge");
    assert.equal(replies.length, 1);
    assert.match(replies[0]!.text, /⚠️ .*prompt is too long/);
    assert.deepEqual(modelsAsked(start), ["m-bad"]);
  });

  test("without fallbacks, a 429's retry-after is waited out and the same model answers", async () => {
    anthropic.script.enqueueFor("m-retry", llm.error("rate_limit", { retryAfterSeconds: 1 }));
    const start = Date.now();
    const replies = await ask("aretry", "patience");
    assert.equal(replies.length, 1);
    assert.match(replies[0]!.text, /^echo: /);
    const asked = anthropic.requests.all().filter((r) => r.at >= start);
    assert.deepEqual(
      asked.map((r) => r.model),
      ["m-retry", "m-retry"],
    );
    assert.ok(asked[1]!.at - asked[0]!.at >= 900, "waited for retry-after");
  });

  test("a provider without a key is skipped for the next model", async () => {
    const replies = await ask("anokey", "key?");
    assert.equal(replies.length, 1);
    assert.match(replies[0]!.text, /^echo: /);
  });

  test("a missing key with no fallback turns into a clear reply and a UI error", async () => {
    const rec = recordEvents(bus);
    const replies = await ask("aonlynokey", "hello?");
    assert.equal(replies.length, 1);
    assert.equal(replies[0]!.text, "⚠️ no API key for google: set GOOGLE_API_KEY");
    await until(() =>
      rec.events.some(
        (e) =>
          e.sessionKey === "agent:aonlynokey:main" && e.type === "lifecycle" && e.phase === "error",
      ),
    );
    const error = rec.events.find((e) => e.type === "lifecycle" && e.phase === "error");
    assert.equal(
      error?.type === "lifecycle" ? error.error : "",
      "no API key for google: set GOOGLE_API_KEY",
    );
    rec.stop();
  });
});
