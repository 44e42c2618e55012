import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Buckets, sessionStateSchema, Transcript, TypedBucket, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm } from "@clawfleet/testkit";
import type { NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
let worker: TestWorker;

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  worker = await startWorker(
    nats.url,
    {
      agents: {
        defaults: { model: "anthropic/claude-sonnet-4-6" },
        list: [
          { id: "main", default: true },
          { id: "priced", model: "anthropic/house-model" },
        ],
      },
      models: {
        providers: {
          anthropic: { models: [{ id: "house-model", cost: { input: 10, output: 100 } }] },
        },
      },
    },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

async function say(key: string, text: string, agentId = "main"): Promise<string> {
  const before = (await waitForOutbox(bus, () => true)).filter((m) => m.sessionKey === key).length;
  await submit(bus, telegramInput(key, text, "701", { agentId }));
  const replies = await waitForOutbox(
    bus,
    (m) => m.filter((r) => r.sessionKey === key).length > before,
  );
  return replies.filter((r) => r.sessionKey === key).at(-1)!.text;
}

test("a turn's usage is the provider's reported counts (cache included), on the transcript and the session; /usage prices it", async () => {
  const key = "agent:main:telegram:direct:usage";
  fake.script.enqueue(
    llm.toolUse("memory_search", { query: "plans" }),
    llm.text("done", { usage: { input: 1234, output: 56, cacheRead: 700, cacheWrite: 100 } }),
  );
  // The tool round's call reports the fake's own estimate: the stored input is that plus 1234.
  await say(key, "what are my plans?");
  const stored = await bus
    .stream(Transcript)
    .readAll({ session: sessionToken(key) }, { fromSeq: 1 });
  const assistant = stored.map((e) => e.data).find((e) => e.role === "assistant")!;
  const first = assistant.usage!.inputTokens - 1234;
  assert.ok(first > 0, "the tool round's input tokens are added");
  assert.equal(assistant.usage!.cacheReadTokens, 700);
  assert.equal(assistant.usage!.cacheWriteTokens, 100);
  const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
  const state = (await sessions.get(sessionToken(key)))!.value;
  assert.equal(state.inputTokens, assistant.usage!.inputTokens);
  assert.equal(state.outputTokens, assistant.usage!.outputTokens);
  assert.equal(state.cacheReadTokens, 700);
  const expected =
    (assistant.usage!.inputTokens * 3 +
      assistant.usage!.outputTokens * 15 +
      700 * 0.3 +
      100 * 3.75) /
    1e6;
  assert.ok(Math.abs(state.costUsd! - expected) < 1e-9, `${state.costUsd} = ${expected}`);
  const answer = await say(key, "/usage");
  assert.match(answer, new RegExp(`${assistant.usage!.inputTokens.toLocaleString("en-US")} in`));
  assert.match(answer, /cache 700 read \/ 100 write/);
  assert.match(answer, new RegExp(`Cost: \\$${expected.toFixed(4).replace(".", "\\.")}`));
});

test("a model priced in the config costs what the table says", async () => {
  const key = "agent:priced:telegram:direct:usage";
  fake.script.enqueue(llm.text("hi", { usage: { input: 1000, output: 100 } }));
  await say(key, "hello", "priced");
  const answer = await say(key, "/usage", "priced");
  assert.match(answer, /1,000 in · 100 out/);
  assert.match(answer, /Cost: \$0\.0200/, "1000 × $10/M + 100 × $100/M");
});
