import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { AgentAbort, Outbox, Transcript, type OutboxMessage } from "../catalogue/agents.js";
import { provisionPlan } from "../catalogue/index.js";
import { outboxConsumer } from "../catalogue/resources.js";
import { catalogue } from "../catalogue/index.js";
import { provision } from "../jetstream/provision.js";
import { consumeWork, Verdict } from "../jetstream/work-queue.js";
import { publishRawToStream } from "../testing/index.js";
import { useNats } from "../test-support/bus-fixture.js";
import { natsHandles } from "./bus.js";
import type { MessageContext } from "./bus-types.js";

// A deployment upgraded while old-version services still run: they publish on the pre-v1 subjects
// (`agent.abort.<session>`, `transcript.<session>`, `outbox.<channel>.<account>`), and the new
// version must still hear, read and drain what they send.

const nats = useNats();
const json = (value: unknown) => JSON.stringify(value);

test("every stream and event subject carries .v1, and its legacy template takes the same parameters", () => {
  for (const def of catalogue) {
    assert.match(def.subject, /(^|\.)v1(\.|$)/, `${def.name}: ${def.subject}`);
    if (def.kind === "request") continue;
    assert.ok(def.legacySubject, `${def.name} keeps its pre-v1 subject for one release`);
    const params = (template: string) => template.match(/\{\w+\}/g)?.sort() ?? [];
    assert.deepEqual(params(def.legacySubject), params(def.subject), def.name);
  }
});

test("an event published on its pre-v1 subject still reaches subscribers, with its parameters", async () => {
  const bus = await nats.bus("legacy-events");
  const heard: { sessionKey: string; params: MessageContext["params"] }[] = [];
  const sub = bus.subscribe(AgentAbort, {}, (abort, ctx) => {
    heard.push({ sessionKey: abort.sessionKey, params: ctx.params });
  });
  await bus.flush();
  natsHandles(bus).nc.publish(
    "agent.abort.oldtoken",
    new TextEncoder().encode(json({ sessionKey: "old", reason: "old publisher" })),
  );
  bus.publish(AgentAbort, { session: "newtoken" }, { sessionKey: "new" });
  await bus.flush();
  for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  sub.unsubscribe();
  assert.deepEqual(
    heard.sort((a, b) => a.sessionKey.localeCompare(b.sessionKey)),
    [
      { sessionKey: "new", params: { session: "newtoken" } },
      { sessionKey: "old", params: { session: "oldtoken" } },
    ],
  );
});

test("a stream subject is read across its pre-v1 and v1 forms, in sequence order", async () => {
  const bus = await nats.bus("legacy-streams");
  await provision(bus, provisionPlan, silentLogger);
  const entry = (text: string) => ({ role: "user" as const, text, ts: 1, sessionId: "s1" });
  const first = await publishRawToStream(bus, "transcript.tok", json(entry("old 1")));
  await bus.jsPublish(Transcript, { session: "tok" }, entry("new 2"));
  const third = await publishRawToStream(bus, "transcript.tok", json(entry("old 3")));
  await bus.jsPublish(Transcript, { session: "other" }, entry("elsewhere"));
  const transcripts = bus.stream(Transcript);

  const texts = (entries: { data: { text: string } }[]) => entries.map((e) => e.data.text);
  assert.deepEqual(texts(await transcripts.read({ session: "tok" })), ["old 1", "new 2", "old 3"]);
  assert.deepEqual(texts(await transcripts.read({ session: "tok" }, { limit: 2 })), [
    "old 1",
    "new 2",
  ]);
  assert.deepEqual(texts(await transcripts.read({ session: "tok" }, { fromSeq: first + 1 })), [
    "new 2",
    "old 3",
  ]);
  assert.deepEqual(texts(await transcripts.readAll({ session: "tok" })), [
    "old 1",
    "new 2",
    "old 3",
  ]);
  assert.equal((await transcripts.last({ session: "tok" }))?.data.text, "old 3");
  assert.equal(await transcripts.lastSeq({ session: "tok" }), third);
  assert.equal(await transcripts.count({ session: "tok" }), 3);
  assert.equal(await transcripts.purge({ session: "tok" }), 3);
  assert.deepEqual(await transcripts.read({ session: "tok" }), []);
  assert.deepEqual(texts(await transcripts.read({ session: "other" })), ["elsewhere"]);
});

test("an outbox message left on its pre-v1 subject is still delivered by the account's consumer", async () => {
  const bus = await nats.bus("legacy-outbox");
  const consumer = outboxConsumer("telegram", "legacy");
  await provision(bus, { streams: [], consumers: [consumer], buckets: [] }, silentLogger);
  const message = (id: string): OutboxMessage => ({
    id,
    target: { channel: "telegram", accountId: "legacy", peer: { kind: "dm", id: "1" } },
    text: id,
    origin: "agent",
    createdAt: 1,
  });
  await publishRawToStream(bus, "outbox.telegram.legacy", json(message("from an old agent")));
  await bus.jsPublish(
    Outbox,
    { channel: "telegram", account: "legacy" },
    message("from a new agent"),
  );
  const delivered: { text: string; params: Record<string, string> }[] = [];
  const work = consumeWork(bus, {
    consumer,
    subject: Outbox,
    concurrency: 1,
    logger: silentLogger,
    pullExpiresMs: 1000,
    handler: async (item) => {
      delivered.push({ text: item.data.text, params: item.params });
      return Verdict.ack;
    },
  });
  for (let i = 0; i < 500 && delivered.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  await work.stop();
  assert.deepEqual(
    delivered.sort((a, b) => a.text.localeCompare(b.text)),
    [
      { text: "from a new agent", params: { channel: "telegram", account: "legacy" } },
      { text: "from an old agent", params: { channel: "telegram", account: "legacy" } },
    ],
  );
  assert.equal(await bus.stream(Outbox).count({ channel: "telegram", account: "legacy" }), 0);
});
