import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ChannelTyping, Turns, type Bus } from "@clawfleet/bus";
import { deadLetterCount, publishRawToStream } from "@clawfleet/bus/testing";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake } from "@clawfleet/testkit";
import type { NatsTestServer } from "@clawfleet/testkit";
import {
  recordEvents,
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  webchatInput,
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
        defaults: { model: "anthropic/claude-sonnet-4-6" },
        list: [
          { id: "main", default: true },
          { id: "small", model: "anthropic/small-window" },
        ],
      },
      models: {
        providers: {
          anthropic: { models: [{ id: "small-window", contextWindow: 1200, maxTokens: 256 }] },
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

test("a channel message gets one reply in OUTBOX and streams events", async () => {
  const rec = recordEvents(bus);
  await submit(bus, telegramInput("agent:main:main", "hello there"));
  const [reply] = await waitForOutbox(bus, (m) => m.length >= 1);
  assert.match(reply!.text, /^echo: /);
  assert.match(reply!.text, /hello there/);
  assert.equal(reply!.target.peer.id, "100");
  await until(() => rec.events.some((e) => e.type === "lifecycle" && e.phase === "end"));
  assert.ok(rec.events.some((e) => e.type === "delta"));
  rec.stop();
});

test("web chat input is answered through events only", async () => {
  const rec = recordEvents(bus);
  await submit(bus, webchatInput("agent:main:main", "from the UI", "run-ui-1"));
  await until(() => rec.events.some((e) => e.type === "final" && e.runId === "run-ui-1"));
  const final = rec.events.find((e) => e.type === "final" && e.runId === "run-ui-1");
  assert.equal(final?.type === "final" ? final.text : "", "echo: from the UI");
  rec.stop();
});

test("an inbox entry that is not a valid input is dead-lettered and skipped; the session keeps working", async () => {
  const key = "agent:main:telegram:direct:bad";
  const token = sessionToken(key);
  const bad = await publishRawToStream(bus, `inbox.${token}`, '{"not":"an input"}');
  await bus.jsPublish(Turns, { session: token }, { sessionKey: key, seq: bad });
  await submit(bus, telegramInput(key, "still alive?", "bad"));
  const replies = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key));
  assert.match(replies.find((r) => r.sessionKey === key)!.text, /still alive\?/);
  await until(async () => (await deadLetterCount(bus)) > 0);
});

test("input a pre-v1 publisher stored (inbox.<session>, turns.<session>) is answered after the upgrade", async () => {
  const key = "agent:main:telegram:direct:legacy";
  const token = sessionToken(key);
  const input = telegramInput(key, "sent by the old version", "legacy");
  const seq = await publishRawToStream(bus, `inbox.${token}`, JSON.stringify(input));
  await publishRawToStream(bus, `turns.${token}`, JSON.stringify({ sessionKey: key, seq }));
  const replies = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key));
  assert.match(replies.find((r) => r.sessionKey === key)!.text, /sent by the old version/);
});

test("a long conversation is trimmed to the model's window, oldest turns first", async () => {
  const key = "agent:small:telegram:direct:long";
  for (let i = 0; i < 8; i++) {
    await submit(
      bus,
      telegramInput(key, `message ${i} ${"lorem ipsum ".repeat(30)}`, "long", { agentId: "small" }),
    );
    await waitForOutbox(bus, (m) => m.filter((r) => r.sessionKey === key).length > i);
  }
  const last = fake.requests
    .all()
    .filter((r) => r.model === "small-window")
    .at(-1)!;
  assert.ok(
    last.messages.length < 15,
    `older turns were dropped: ${last.messages.length} messages sent`,
  );
  assert.match(
    JSON.stringify(last.messages.at(-1)),
    /message 7/,
    "the latest input is always sent",
  );
  assert.doesNotMatch(JSON.stringify(last.messages), /message 0 /, "the oldest turn went first");
  assert.equal((last.messages[0] as { role: string }).role, "user");
});

test("a redelivered platform message (same input id) is answered once; typing starts and stops around the turn", async () => {
  const key = "agent:main:telegram:direct:dup";
  const typing: string[] = [];
  const sub = bus.subscribe(
    ChannelTyping,
    { channel: "telegram", account: "default" },
    (t) => void (t.sessionKey === key && typing.push(t.state)),
  );
  const input = telegramInput(key, "sent twice", "dup");
  await submit(bus, input);
  await submit(bus, input);
  await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(
    (await waitForOutbox(bus, () => true)).filter((r) => r.sessionKey === key).length,
    1,
  );
  await until(() => typing.length >= 2);
  assert.deepEqual(typing, ["start", "stop"]);
  sub.unsubscribe();
});
