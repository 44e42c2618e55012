// Exactly-once at the two places a crash can split a turn, replayed deterministically on a real
// nats-server (no kill whose effect depends on where it lands): a turn committed but not published
// (or published but not marked so), and a TURNS signal delivered again after its reply went out.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Buckets,
  Consumers,
  Inbox,
  Outbox,
  Streams,
  TypedBucket,
  Turns,
  sessionStateSchema,
  type Bus,
  type OutboxMessage,
  type SessionState,
} from "@clawfleet/bus";
import { consumerAckedThrough } from "@clawfleet/bus/testing";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, type NatsTestServer } from "@clawfleet/testkit";
import { replyId, turnKey } from "../domain/conversation/turn-ids.js";
import {
  outboxMessages,
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";
import { newSessionState } from "./state/session-hold.js";

let nats: NatsTestServer;
let bus: Bus;
let sessions: TypedBucket<typeof sessionStateSchema>;
const fake = new AnthropicFake();
let worker: TestWorker;

before(async () => {
  ({ nats, bus } = await startTestNats());
  sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
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

const modelCalls = () => fake.requests.all().length;
const repliesOf = (messages: OutboxMessage[], key: string) =>
  messages.filter((m) => m.sessionKey === key);

/** Signals the worker that `key` has input up to `seq` (a fresh signal, as a redelivery would come) and waits until it was handled and acked. */
async function signalAndSettle(key: string, seq: number, signalId: string): Promise<void> {
  const ack = await bus.jsPublish(
    Turns,
    { session: sessionToken(key) },
    { sessionKey: key, seq },
    { msgID: signalId },
  );
  assert.equal(ack.duplicate, false, "the signal reached the worker");
  await consumerAckedThrough(bus, Streams.Turns.name, Consumers.AgentTurns.name, ack.seq);
}

/** Resolves once every TURNS signal so far was handled and acked (the worker released its sessions). */
async function turnsSettled(): Promise<void> {
  const { lastSeq } = await bus.stream(Turns).info();
  await consumerAckedThrough(bus, Streams.Turns.name, Consumers.AgentTurns.name, lastSeq);
}

/** The session's state once its lease is released (the worker is done with it). */
async function restingState(key: string): Promise<{ value: SessionState; revision: number }> {
  const current = await sessions.get(sessionToken(key));
  assert.ok(current, `session ${key} exists`);
  assert.equal(current.value.lease, undefined, "the worker released the session");
  return current;
}

test("a turn committed but not yet published is published on replay without asking the model again", async () => {
  const key = "agent:main:telegram:committed";
  const token = sessionToken(key);
  const input = telegramInput(key, "answered before the crash", "301");
  // The input is in INBOX and the turn that answers it is committed (input handled, reply pending),
  // but the worker died before publishing: nothing is in OUTBOX and no signal is left unacked.
  const stored = await bus.jsPublish(Inbox, { session: token }, input, { msgID: input.id });
  const turn = turnKey(stored.seq, stored.seq);
  const reply: OutboxMessage = {
    id: replyId(key, turn),
    target: input.replyTarget!,
    text: "the committed answer",
    sessionKey: key,
    origin: "agent",
    createdAt: Date.now(),
  };
  const state = newSessionState(key, Date.now());
  await sessions.create(token, {
    ...state,
    lastSeq: stored.seq,
    pending: { turnKey: turn, replies: [reply], transcript: [] },
  });
  const callsBefore = modelCalls();

  await signalAndSettle(key, stored.seq, "replay-committed-1");

  assert.deepEqual(
    repliesOf(await outboxMessages(bus), key).map((m) => m.text),
    ["the committed answer"],
    "the committed reply, once",
  );
  assert.equal(modelCalls(), callsBefore, "the model is not asked again");
  assert.equal((await restingState(key)).value.pending, undefined, "the turn is marked flushed");
});

test("a turn whose reply was published but not marked flushed is replayed without a second reply", async () => {
  const key = "agent:main:telegram:published";
  const token = sessionToken(key);
  // This worker answers a first message (and remembers the session's state)...
  await submit(bus, telegramInput(key, "first question", "302"));
  await waitForOutbox(bus, (m) => repliesOf(m, key).length >= 1);
  await turnsSettled();
  const callsBefore = modelCalls();
  // ...then another worker takes the second one: it commits the turn (input handled, reply pending),
  // publishes the reply to OUTBOX as flushing does, and dies before the state says it is flushed.
  const input = telegramInput(key, "second question", "302");
  const stored = await bus.jsPublish(Inbox, { session: token }, input, { msgID: input.id });
  const turn = turnKey(stored.seq, stored.seq);
  const reply: OutboxMessage = {
    id: replyId(key, turn),
    target: input.replyTarget!,
    text: "the second answer",
    sessionKey: key,
    origin: "agent",
    createdAt: Date.now(),
  };
  const resting = await restingState(key);
  await sessions.update(
    token,
    {
      ...resting.value,
      lastSeq: stored.seq,
      pending: { turnKey: turn, replies: [reply], transcript: [] },
    },
    resting.revision,
  );
  await bus.jsPublish(
    Outbox,
    { channel: reply.target.channel, account: reply.target.accountId },
    reply,
    { msgID: reply.id },
  );

  await signalAndSettle(key, stored.seq, "replay-published-1");

  const replies = repliesOf(await outboxMessages(bus), key);
  assert.equal(replies.filter((m) => m.id === reply.id).length, 1, "one reply to the second input");
  assert.equal(replies.length, 2, "two messages, two replies");
  assert.equal(modelCalls(), callsBefore, "the model is not asked again");
  assert.equal((await restingState(key)).value.pending, undefined, "the turn is marked flushed");
});

test("a TURNS signal delivered again after its reply went out is acked without a second turn", async () => {
  const key = "agent:main:telegram:redelivered";
  await submit(bus, telegramInput(key, "one question", "303"));
  await waitForOutbox(bus, (m) => repliesOf(m, key).length >= 1);
  await turnsSettled();
  const callsAfterTurn = modelCalls();
  const answered = await restingState(key);
  const { lastSeq } = answered.value;

  // The worker that answered died before acking its signal: the same signal comes again (twice,
  // the second time while the first may still be looking at the session).
  await signalAndSettle(key, lastSeq, "redelivered-1");
  await signalAndSettle(key, lastSeq, "redelivered-2");

  assert.equal(repliesOf(await outboxMessages(bus), key).length, 1, "one reply");
  assert.equal(modelCalls(), callsAfterTurn, "no second model call");
  // Recognised from the handled sequence alone: the session is not even leased again.
  assert.equal((await restingState(key)).revision, answered.revision, "the state is not written");
});
