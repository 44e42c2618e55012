// A TURNS signal can reach a worker before the inbox read it makes shows the input: direct gets are
// answered by any replica, and one behind the leader (after a leader change, under load) lacks input
// the stream acknowledged. Seen in `npm run bench -- cluster` as a chat's last messages never
// answered. Replayed deterministically on one nats-server: the signal goes out before the input.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Consumers, Inbox, Streams, Turns, type Bus } from "@clawfleet/bus";
import { consumerAckedThrough, consumerProgress } from "@clawfleet/bus/testing";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  outboxMessages,
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  until,
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
    { agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } } },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

const turnsProgress = () => consumerProgress(bus, Streams.Turns.name, Consumers.AgentTurns.name);

test("a signal whose input the worker cannot read yet is not acked: the input is answered once it is readable", async () => {
  const key = "agent:main:telegram:unannounced";
  const token = sessionToken(key);
  const input = telegramInput(key, "read me late", "401");
  const inboxSeq = (await bus.stream(Inbox).info()).lastSeq + 1;
  const signal = await bus.jsPublish(
    Turns,
    { session: token },
    { sessionKey: key, seq: inboxSeq },
    { msgID: `${token}:${inboxSeq}` },
  );
  // The worker has looked and found nothing: it either acked the signal (the input would then wait
  // for the chat's next message) or handed it back to come again.
  await until(
    async () => {
      const p = await turnsProgress();
      return p.ackedThrough >= signal.seq || p.redelivered > 0;
    },
    30_000,
    "the worker handled the signal once",
  );
  const stored = await bus.jsPublish(Inbox, { session: token }, input, { msgID: input.id });
  assert.equal(stored.seq, inboxSeq, "the input has the announced sequence");
  const messages = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 60_000);
  assert.equal(messages.filter((m) => m.sessionKey === key).length, 1, "answered once");
  await consumerAckedThrough(bus, Streams.Turns.name, Consumers.AgentTurns.name, signal.seq);
});

test("a signal for input that is gone (the inbox moved past it) is acked without a reply", async () => {
  const key = "agent:main:telegram:gone";
  const token = sessionToken(key);
  // Another chat's input takes the sequence this chat's signal names.
  await submit(bus, telegramInput("agent:main:telegram:other", "someone else", "402"));
  const taken = (await bus.stream(Inbox).info()).lastSeq;
  const before = (await outboxMessages(bus)).length;
  const signal = await bus.jsPublish(
    Turns,
    { session: token },
    { sessionKey: key, seq: taken },
    { msgID: `${token}:${taken}` },
  );
  await consumerAckedThrough(bus, Streams.Turns.name, Consumers.AgentTurns.name, signal.seq);
  const after = await outboxMessages(bus);
  assert.equal(after.filter((m) => m.sessionKey === key).length, 0, "nothing to answer");
  assert.ok(after.length >= before);
  assert.equal((await turnsProgress()).unacked, 0, "no signal left to come again");
});
