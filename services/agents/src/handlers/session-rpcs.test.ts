import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  BusError,
  ChatHistory,
  ModelsList,
  SessionsDelete,
  SessionsList,
  SessionsPreview,
  SessionsReset,
  type Bus,
} from "@clawfleet/bus";
import { AnthropicFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  webchatInput,
  until,
  recordEvents,
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
        defaults: { model: { primary: "anthropic/claude-opus-4-5", fallbacks: ["openai/gpt-4o"] } },
        list: [{ id: "main", default: true }, { id: "ops" }],
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

async function converse(key: string, chatId: string, texts: string[], agentId = "main") {
  for (const [i, text] of texts.entries()) {
    await submit(bus, telegramInput(key, text, chatId, { agentId }));
    await waitForOutbox(bus, (m) => m.filter((r) => r.sessionKey === key).length > i);
  }
}

test("sessions.list, chat.history and sessions.preview show what was said", async () => {
  await converse("agent:main:telegram:direct:61", "61", ["first question", "second question"]);
  await converse("agent:ops:telegram:direct:62", "62", ["ops question"], "ops");
  const { sessions } = await bus.request(SessionsList, {}, {});
  assert.deepEqual(
    sessions.map((s) => s.key),
    ["agent:ops:telegram:direct:62", "agent:main:telegram:direct:61"],
    "most recent first",
  );
  assert.equal(sessions[1]!.channel, "telegram");
  assert.equal(sessions[1]!.model, "anthropic/claude-opus-4-5");
  assert.ok((sessions[1]!.totalTokens ?? 0) > 0);
  const ops = await bus.request(SessionsList, {}, { agentId: "ops" });
  assert.deepEqual(
    ops.sessions.map((s) => s.agentId),
    ["ops"],
  );
  await until(
    async () =>
      (await bus.request(ChatHistory, {}, { sessionKey: "agent:main:telegram:direct:61" })).messages
        .length === 4,
  );
  const history = await bus.request(
    ChatHistory,
    {},
    { sessionKey: "agent:main:telegram:direct:61" },
  );
  assert.deepEqual(
    history.messages.map((m) => `${m.role}:${m.text.includes("question") ? "q" : "?"}`),
    ["user:q", "assistant:q", "user:q", "assistant:q"],
  );
  assert.equal(
    history.messages[0]!.text,
    "first question",
    "the user's own words, not the model wrapper",
  );
  const limited = await bus.request(
    ChatHistory,
    {},
    { sessionKey: "agent:main:telegram:direct:61", limit: 1 },
  );
  assert.equal(limited.messages.length, 1);
  assert.equal(limited.hasMore, true);
  const preview = await bus.request(
    SessionsPreview,
    {},
    { keys: ["agent:main:telegram:direct:61", "agent:none:main"], limit: 2 },
  );
  assert.equal(preview.previews[0]!.messages.length, 2);
  assert.deepEqual(preview.previews[1]!.messages, []);
});

test("sessions.reset starts a new session id with an empty history", async () => {
  const key = "agent:main:telegram:direct:63";
  await converse(key, "63", ["before reset"]);
  await until(
    async () => (await bus.request(ChatHistory, {}, { sessionKey: key })).messages.length === 2,
  );
  const old = (await bus.request(ChatHistory, {}, { sessionKey: key })).sessionId;
  const reset = await bus.request(SessionsReset, {}, { key });
  assert.equal(reset.ok, true);
  assert.notEqual(reset.sessionId, old);
  assert.deepEqual((await bus.request(ChatHistory, {}, { sessionKey: key })).messages, []);
  await submit(bus, telegramInput(key, "after reset", "63"));
  await waitForOutbox(bus, (m) => m.filter((r) => r.sessionKey === key).length === 2);
  assert.equal(fake.requests.all().at(-1)!.messages.length, 1, "the model sees no earlier turn");
});

test("sessions.delete forgets state and transcript without answering old input again", async () => {
  const key = "agent:main:telegram:direct:64";
  await converse(key, "64", ["to be deleted"]);
  const deleted = await bus.request(SessionsDelete, {}, { key });
  assert.equal(deleted.ok, true);
  assert.ok(!(await bus.request(SessionsList, {}, {})).sessions.some((s) => s.key === key));
  assert.deepEqual((await bus.request(ChatHistory, {}, { sessionKey: key })).messages, []);
  await submit(bus, telegramInput(key, "a new beginning", "64"));
  const replies = await waitForOutbox(
    bus,
    (m) => m.filter((r) => r.sessionKey === key).length >= 2,
  );
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(
    (await waitForOutbox(bus, () => true)).filter((r) => r.sessionKey === key).length,
    2,
    "the deleted input was not answered again",
  );
  assert.match(replies.filter((r) => r.sessionKey === key).at(-1)!.text, /a new beginning/);
  await assert.rejects(
    bus.request(SessionsDelete, {}, { key: "agent:main:never" }),
    (e: unknown) => e instanceof BusError && e.code === "not_found",
  );
});

test("models.list names configured models, whether their provider has a key and whether they take images", async () => {
  const { models } = await bus.request(ModelsList, {}, {});
  assert.deepEqual(models, [
    {
      id: "anthropic/claude-opus-4-5",
      provider: "anthropic",
      available: true,
      contextWindow: 200_000,
      input: ["text", "image"],
    },
    {
      id: "openai/gpt-4o",
      provider: "openai",
      available: false,
      reason: "no API key for openai: set OPENAI_API_KEY",
      contextWindow: 128_000,
      input: ["text", "image"],
    },
  ]);
});

test("a config change applies to the next turn without a restart", async () => {
  worker.live.apply({
    raw: "",
    hash: "v2",
    document: { agents: { defaults: { model: "anthropic/claude-haiku-4-5", maxConcurrent: 2 } } },
    file: "test",
    updatedAt: Date.now(),
    updatedBy: "test",
  });
  const rec = recordEvents(bus);
  await submit(bus, webchatInput("agent:main:main", "which model now?", "run-live-1"));
  await until(() => rec.events.some((e) => e.runId === "run-live-1" && e.type === "final"));
  assert.equal(fake.requests.all().at(-1)!.model, "claude-haiku-4-5");
  assert.equal(worker.service.stats?.().turnSlots, 2, "maxConcurrent resized the consumer");
  rec.stop();
});
