import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  connectBus,
  Outbox,
  outboxConsumer,
  provision,
  Streams,
  provisionPlan,
  type Bus,
} from "@clawfleet/bus";
import { validateParsedConfig } from "@clawfleet/config";
import { consumerAckedThrough } from "@clawfleet/bus/testing";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { resolveAccountSpecs } from "../domain/account-spec.js";
import type { ChannelAdapter, OutboundChunk } from "../domain/channel-adapter.js";
import { DeliveryLog } from "../state/delivery-log.js";
import { startOutboxConsumer, type OutboxDeps } from "./outbox-handler.js";

let nats: NatsTestServer;
let bus: Bus;
let deliveries: DeliveryLog;

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "outbox-test", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger);
  deliveries = await DeliveryLog.open(bus);
});
after(async () => {
  await bus.close();
  await nats.dispose();
});

const parsed = validateParsedConfig({
  channels: { telegram: { botToken: "9:outbox-test-token", textChunkLimit: 20 } },
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const spec = resolveAccountSpecs(parsed.config, {}).find((s) => s.channel === "telegram")!;

/** The platform side of one account: records what reached it; `onSend` runs after each send. */
function platform(onSend: (chunk: OutboundChunk) => void = () => {}) {
  const sent: string[] = [];
  const adapter: ChannelAdapter = {
    mode: "polling",
    start: () => Promise.reject(new Error("not used")),
    typing: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    send: (_target, chunk) => {
      sent.push(chunk.text);
      onSend(chunk);
      return Promise.resolve(`m${sent.length}`);
    },
  };
  return { adapter, sent };
}

/** Provisions the account's durable outbox consumer (idempotent). */
function provisionOutboxConsumer(): Promise<unknown> {
  const consumers = [outboxConsumer(spec.channel, spec.accountId)];
  return provision(bus, { streams: [], consumers, buckets: [] }, silentLogger);
}

/** The account's outbox consumer sending to `adapter`; `overrides` replace the defaults. */
function consume(adapter: ChannelAdapter, overrides: Partial<OutboxDeps> = {}) {
  return startOutboxConsumer({
    bus,
    spec: () => spec,
    adapter,
    deliveries,
    logger: silentLogger,
    signal: new AbortController().signal,
    ...overrides,
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

test("a message in flight when the account's lease is released is handed back, not sent on; the next holder sends the rest once", async () => {
  await provisionOutboxConsumer();
  const text = ["first piece here", "second piece here", "third piece here"].join("\n\n");
  await bus.jsPublish(
    Outbox,
    { channel: "telegram", account: spec.accountId },
    {
      id: "handed-back",
      target: { channel: "telegram", accountId: spec.accountId, peer: { kind: "dm", id: "42" } },
      text,
      origin: "agent",
      createdAt: Date.now(),
    },
    { msgID: "handed-back" },
  );
  // The lease is lost while the first chunk is on its way to the platform; the account session
  // then stops the consumer, as it does on a release.
  const released = new AbortController();
  let stopped: Promise<void> | undefined;
  const leaving = platform(() => {
    released.abort();
    stopped = first.stop();
  });
  const first = consume(leaving.adapter, {
    signal: released.signal,
  });
  await until(() => stopped !== undefined, "the first chunk was sent");
  await stopped;
  assert.deepEqual(leaving.sent, ["first piece here"], "nothing sent after the release");

  const next = platform();
  const second = consume(next.adapter);
  await until(() => next.sent.length >= 2, "the next holder sent the rest");
  await second.stop();
  assert.deepEqual(next.sent, ["second piece here", "third piece here"], "the rest, once");
});

/** Publishes one agent reply to the account's outbox under `msgID`; resolves with its stream sequence. */
async function publishReply(id: string, text: string, msgID: string): Promise<number> {
  const ack = await bus.jsPublish(
    Outbox,
    { channel: "telegram", account: spec.accountId },
    {
      id,
      target: { channel: "telegram", accountId: spec.accountId, peer: { kind: "dm", id: "43" } },
      text,
      origin: "agent",
      createdAt: Date.now(),
    },
    { msgID },
  );
  assert.equal(ack.duplicate, false, "stored as a new stream message");
  return ack.seq;
}

/** Resolves once the account's outbox consumer acked everything up to `seq`. */
function ackedThrough(seq: number): Promise<void> {
  return consumerAckedThrough(
    bus,
    Streams.Outbox.name,
    outboxConsumer(spec.channel, spec.accountId).name,
    seq,
  );
}

test("an outbox message redelivered after the platform send (its ack was lost) is not sent again", async () => {
  await provisionOutboxConsumer();
  const target = platform();
  let failures = 0;
  const consumer = consume(target.adapter, {
    // The process fails right after the platform took the message, before the ack: JetStream
    // delivers the same stream message again.
    onSent: () => {
      if (failures++ === 0) throw new Error("crashed between send and ack");
    },
  });
  const seq = await publishReply("redelivered-after-send", "sent exactly once", "redelivered");
  await ackedThrough(seq);
  await consumer.stop();
  assert.equal(failures, 1, "the message came back once after the failure");
  assert.deepEqual(target.sent, ["sent exactly once"]);
});

test("the same reply stored twice in OUTBOX (past the duplicate window) is sent once", async () => {
  const target = platform();
  const consumer = consume(target.adapter);
  const first = await publishReply("stored-twice", "only once please", "stored-twice#1");
  await ackedThrough(first);
  const second = await publishReply("stored-twice", "only once please", "stored-twice#2");
  await ackedThrough(second);
  await consumer.stop();
  assert.deepEqual(target.sent, ["only once please"]);
});

test("a sent chunk whose delivery record fails at first (deliveries leader lost) is recorded on retry and not sent again", async () => {
  await provisionOutboxConsumer();
  const target = platform();
  let refused = 0;
  // The deliveries bucket refuses the first writes, as while its stream elects a new leader.
  const flaky = Object.create(deliveries) as DeliveryLog;
  flaky.recordSent = (key, messageId, sentAt) =>
    refused++ < 2
      ? Promise.reject(new Error("no responders: deliveries leader lost"))
      : deliveries.recordSent(key, messageId, sentAt);
  const consumer = consume(target.adapter, {
    deliveries: flaky,
  });
  const seq = await publishReply("record-retried", "record retried", "record-retried");
  await ackedThrough(seq);
  await consumer.stop();
  assert.equal(refused, 3, "two refused writes, then the one that stuck");
  assert.deepEqual(target.sent, ["record retried"]);
});
