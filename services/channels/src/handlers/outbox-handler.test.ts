import assert from "node:assert/strict";
import { test } from "node:test";
import { Outbox } from "@clawfleet/bus";
import type { DeliveryLog } from "../state/delivery-log.js";
import { fakePlatform, until, useOutboxFixture } from "../test-support/outbox-fixture.js";

const outbox = useOutboxFixture();

test("a message in flight when the account's lease is released is handed back, not sent on; the next holder sends the rest once", async () => {
  const text = ["first piece here", "second piece here", "third piece here"].join("\n\n");
  await outbox.bus.jsPublish(
    Outbox,
    { channel: "telegram", account: outbox.spec.accountId },
    {
      id: "handed-back",
      target: {
        channel: "telegram",
        accountId: outbox.spec.accountId,
        peer: { kind: "dm", id: "42" },
      },
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
  const leaving = fakePlatform(() => {
    released.abort();
    stopped = first.stop();
  });
  const first = outbox.consume(leaving.adapter, {
    signal: released.signal,
  });
  await until(() => stopped !== undefined, "the first chunk was sent");
  await stopped;
  assert.deepEqual(leaving.sent, ["first piece here"], "nothing sent after the release");

  const next = fakePlatform();
  const second = outbox.consume(next.adapter);
  await until(() => next.sent.length >= 2, "the next holder sent the rest");
  await second.stop();
  assert.deepEqual(next.sent, ["second piece here", "third piece here"], "the rest, once");
});

test("an outbox message redelivered after the platform send (its ack was lost) is not sent again", async () => {
  const target = fakePlatform();
  let failures = 0;
  const consumer = outbox.consume(target.adapter, {
    // The process fails right after the platform took the message, before the ack: JetStream
    // delivers the same stream message again.
    onSent: () => {
      if (failures++ === 0) throw new Error("crashed between send and ack");
    },
  });
  const seq = await outbox.publishReply(
    "redelivered-after-send",
    "sent exactly once",
    "redelivered",
  );
  await outbox.ackedThrough(seq);
  await consumer.stop();
  assert.equal(failures, 1, "the message came back once after the failure");
  assert.deepEqual(target.sent, ["sent exactly once"]);
});

test("the same reply stored twice in OUTBOX (past the duplicate window) is sent once", async () => {
  const target = fakePlatform();
  const consumer = outbox.consume(target.adapter);
  const first = await outbox.publishReply("stored-twice", "only once please", "stored-twice#1");
  await outbox.ackedThrough(first);
  const second = await outbox.publishReply("stored-twice", "only once please", "stored-twice#2");
  await outbox.ackedThrough(second);
  await consumer.stop();
  assert.deepEqual(target.sent, ["only once please"]);
});

test("a sent chunk whose delivery record fails at first (deliveries leader lost) is recorded on retry and not sent again", async () => {
  const target = fakePlatform();
  let refused = 0;
  // The deliveries bucket refuses the first writes, as while its stream elects a new leader.
  const flaky = Object.create(outbox.deliveries) as DeliveryLog;
  flaky.recordSent = (key, messageId, sentAt) =>
    refused++ < 2
      ? Promise.reject(new Error("no responders: deliveries leader lost"))
      : outbox.deliveries.recordSent(key, messageId, sentAt);
  const consumer = outbox.consume(target.adapter, {
    deliveries: flaky,
  });
  const seq = await outbox.publishReply("record-retried", "record retried", "record-retried");
  await outbox.ackedThrough(seq);
  await consumer.stop();
  assert.equal(refused, 3, "two refused writes, then the one that stuck");
  assert.deepEqual(target.sent, ["record retried"]);
});
