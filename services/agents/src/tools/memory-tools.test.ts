import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AgentsFilesGet, type Bus } from "@clawfleet/bus";
import { AnthropicFake, llm, type NatsTestServer } from "@clawfleet/testkit";
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
    { agents: { defaults: { model: "anthropic/mem-model" } } },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

/** Sends a message with a scripted tool call; the echo answer after it repeats the tool's output. */
async function toolTurn(key: string, chat: string, tool: string, input: Record<string, unknown>) {
  fake.script.enqueueFor("mem-model", llm.toolUse(tool, input));
  const message = telegramInput(key, `please ${tool}`, chat);
  if (key.includes(":group:")) {
    message.message!.peer = { kind: "group", id: chat };
    message.replyTarget!.peer = { kind: "group", id: chat };
  }
  await submit(bus, message);
  const replies = await waitForOutbox(bus, (m) =>
    m.some(
      (r) => r.sessionKey === key && r.origin === "agent" && r.createdAt >= message.receivedAt,
    ),
  );
  return replies.filter((r) => r.sessionKey === key && r.origin === "agent").at(-1)!.text;
}

test("a fact written to memory in one session is found by memory_search from a new session", async () => {
  const wrote = await toolTurn("agent:main:telegram:direct:601", "601", "memory_write", {
    text: "Ana's birthday is on March 3rd; she likes jasmine tea.",
    path: "MEMORY.md",
  });
  assert.match(wrote, /appended to MEMORY\.md/);
  await toolTurn("agent:main:telegram:direct:601", "601", "memory_write", {
    text: "Booked the Lisbon hotel for the trip.",
  });
  const stored = await bus.request(AgentsFilesGet, {}, { agentId: "main", name: "MEMORY.md" });
  assert.equal(stored.file.content, "Ana's birthday is on March 3rd; she likes jasmine tea.\n");

  const found = await toolTurn("agent:main:telegram:direct:602", "602", "memory_search", {
    query: "when is Ana's birthday?",
  });
  const result = JSON.parse(found.replace(/^echo: /, "")) as {
    results: { path: string; startLine: number; snippet: string }[];
  };
  assert.equal(result.results[0]?.path, "MEMORY.md");
  assert.match(result.results[0]!.snippet, /March 3rd/);
  assert.ok(
    result.results.every((r) => !r.snippet.includes("Lisbon")),
    "the unrelated daily note does not match",
  );

  const daily = await toolTurn("agent:main:telegram:direct:602", "602", "memory_search", {
    query: "Lisbon hotel",
  });
  assert.match(daily, /memory\/\d{4}-\d{2}-\d{2}\.md/);
});

test("group chats cannot read MEMORY.md; writes stay inside the workspace", async () => {
  const group = await toolTurn("agent:main:telegram:group:-100602", "-100602", "memory_search", {
    query: "Ana birthday",
  });
  assert.doesNotMatch(group, /March 3rd/);
  const get = await toolTurn("agent:main:telegram:group:-100602", "-100602", "memory_get", {
    path: "MEMORY.md",
  });
  assert.match(get, /MEMORY\.md is private to your owner's own chats/);
  const escape = await toolTurn("agent:main:telegram:direct:603", "603", "memory_write", {
    text: "pwned",
    path: "../../config.json",
  });
  assert.match(escape, /memory_write writes only workspace files/);
});
