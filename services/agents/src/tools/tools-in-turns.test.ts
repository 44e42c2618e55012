import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Transcript, readSubject, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm, type NatsTestServer } from "@clawfleet/testkit";
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
const fake = new AnthropicFake();
let worker: TestWorker;

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
  worker = await startWorker(
    nats.url,
    {
      agents: {
        defaults: { model: "anthropic/tool-model" },
        list: [
          { id: "main", default: true },
          { id: "locked", model: "anthropic/locked-model", tools: { deny: ["web_*"] } },
          { id: "only-send", model: "anthropic/send-model", tools: { allow: ["send_message"] } },
        ],
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

async function replyTo(key: string, text: string, agentId = "main", chatId = "300") {
  const before = (await waitForOutbox(bus, () => true)).filter(
    (m) => m.sessionKey === key && m.origin === "agent",
  ).length;
  await submit(bus, telegramInput(key, text, chatId, { agentId }));
  return (
    await waitForOutbox(
      bus,
      (m) => m.filter((r) => r.sessionKey === key && r.origin === "agent").length > before,
    )
  )
    .filter((r) => r.sessionKey === key && r.origin === "agent")
    .at(-1)!;
}

test("web_fetch to a local address is refused inside the tool loop; the model reads the refusal", async () => {
  const key = "agent:main:telegram:direct:300";
  const rec = recordEvents(bus);
  fake.script.enqueueFor(
    "tool-model",
    llm.toolUse(
      "web_fetch",
      { url: "http://169.254.169.254/latest/meta-data/" },
      { text: "Let me look." },
    ),
  );
  const reply = await replyTo(key, "what's at the metadata address?");
  assert.match(
    reply.text,
    /^echo: refusing to fetch 169\.254\.169\.254: link-local \/ metadata address/,
  );
  const toolEvents = rec.events.filter((e) => e.sessionKey === key && e.type === "tool");
  assert.deepEqual(
    toolEvents.map((e) => (e.type === "tool" ? `${e.phase}:${e.name}:${e.isError ?? ""}` : "")),
    ["start:web_fetch:", "end:web_fetch:true"],
  );
  const followUp = fake.requests.all().at(-1)!;
  assert.equal(followUp.messages.length, 3, "input, tool_use, tool_result");
  await until(async () =>
    (await readSubject(bus, Transcript, { session: sessionToken(key) })).some(
      (e) => e.data.role === "assistant",
    ),
  );
  const transcript = await readSubject(bus, Transcript, { session: sessionToken(key) });
  assert.deepEqual(
    transcript.map((e) => e.data.role),
    ["user", "tool", "assistant"],
  );
  assert.equal(transcript[1]!.data.tool?.name, "web_fetch");
  rec.stop();
});

test("send_message puts a message for another chat in OUTBOX", async () => {
  const key = "agent:main:telegram:direct:301";
  fake.script.enqueueFor(
    "tool-model",
    llm.toolUse("send_message", {
      channel: "discord",
      to: "4242",
      kind: "channel",
      text: "hello from the agent",
    }),
  );
  await replyTo(key, "tell the discord channel hello", "main", "301");
  const sent = (await waitForOutbox(bus, () => true)).filter((m) => m.origin === "send");
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0]!.target, {
    channel: "discord",
    accountId: "default",
    peer: { kind: "channel", id: "4242" },
  });
  assert.equal(sent[0]!.text, "hello from the agent");
});

test("voice_call says clearly that no voice service runs", async () => {
  fake.script.enqueueFor(
    "tool-model",
    llm.toolUse("voice_call", { to: "+15550100", message: "wake up" }),
  );
  const reply = await replyTo("agent:main:telegram:direct:302", "call me", "main", "302");
  assert.match(reply.text, /voice service is not running/);
});

test("tools.deny and tools.allow decide which tools an agent is offered and may run", async () => {
  fake.script.enqueueFor("locked-model", llm.toolUse("web_fetch", { url: "https://example.com/" }));
  const reply = await replyTo("agent:locked:main", "fetch it", "locked", "303");
  assert.match(reply.text, /tool web_fetch is not available to this agent/);
  const offered = (model: string) =>
    (fake.requests.all().find((r) => r.model === model)!.tools as { name: string }[])
      .map((t) => t.name)
      .sort();
  assert.deepEqual(offered("locked-model"), [
    "cron",
    "memory_get",
    "memory_search",
    "memory_write",
    "send_message",
    "voice_call",
  ]);
  await replyTo("agent:only-send:main", "hi", "only-send", "304");
  assert.deepEqual(offered("send-model"), ["send_message"]);
});
