import assert from "node:assert/strict";
import { test } from "node:test";
import { deadLetterCount, DeadLetterReason } from "@clawfleet/bus/testing";
import { createLogger, type LogRecord } from "@clawfleet/log";
import { ChannelsError, ChannelsErrorCode } from "../errors.js";
import type { DeliveryLog } from "../state/delivery-log.js";
import { fakePlatform, useOutboxFixture } from "../test-support/outbox-fixture.js";
import { DEFAULT_RECORD_RETRY } from "./outbox-handler.js";

// What happens after the platform took a chunk: its delivery record is retried (with a patience
// and back-off the tests shorten), and a release or a missing status hook never loses a reply.
const outbox = useOutboxFixture();

/** A logger whose records the test reads. */
function capturing() {
  const records: LogRecord[] = [];
  const logger = createLogger(
    { service: "test", instance: "t", level: "trace", format: "json" },
    { write: (line) => records.push(JSON.parse(line) as LogRecord) },
  );
  return { logger, records };
}

/** The fixture's deliveries log, except that its first `failures` writes fail; the time and key of each write. */
function flakyDeliveries(failures: number) {
  const writes: number[] = [];
  const keys: string[] = [];
  const deliveries = Object.create(outbox.deliveries) as DeliveryLog;
  deliveries.recordSent = (key, messageId, sentAt) => {
    writes.push(Date.now());
    keys.push(key);
    if (writes.length <= failures) return Promise.reject(new Error("no stream leader"));
    return outbox.deliveries.recordSent(key, messageId, sentAt);
  };
  return { deliveries, writes, keys };
}

test("a delivery record is retried for a minute, 200 ms doubling up to 5 s, unless told otherwise", () => {
  assert.deepEqual(DEFAULT_RECORD_RETRY, {
    patienceMs: 60_000,
    firstDelayMs: 200,
    maxDelayMs: 5000,
  });
});

// Waits are checked from below only.
test("a delivery record that fails to be written is retried with back-off until written; the chunk is sent once", async () => {
  const target = fakePlatform();
  const flaky = flakyDeliveries(3);
  const log = capturing();
  const consumer = outbox.consume(target.adapter, {
    deliveries: flaky.deliveries,
    logger: log.logger,
    recordRetry: { patienceMs: 600_000, firstDelayMs: 60, maxDelayMs: 120 },
  });
  const seq = await outbox.publishReply("record-retry", "recorded late", "record-retry");
  await outbox.ackedThrough(seq);
  await consumer.stop();
  assert.deepEqual(target.sent, ["recorded late"]);
  assert.equal(flaky.writes.length, 4);
  const gaps = flaky.writes.slice(1).map((at, i) => at - flaky.writes[i]!);
  assert.ok(gaps[0]! >= 55 && gaps[1]! >= 115 && gaps[2]! >= 115, `waited ${gaps.join(", ")} ms`);
  const warnings = log.records.filter((r) => r.level === "warn");
  assert.deepEqual(
    warnings.map((r) => r.msg),
    [1, 2, 3].map(
      (n) => `[outbox] recording delivered chunk ${flaky.keys[0]} failed (attempt ${n}); retrying`,
    ),
  );
  assert.ok(warnings.every((r) => r.account === outbox.spec.accountId && "error" in r));
  assert.equal(log.records.filter((r) => r.level === "error").length, 0);
  assert.equal(await outbox.deliveries.wasSent(flaky.keys[0]!), true);
});

test("a delivery record not written within the patience is an error and the message is handed back (sent again: the risk logged)", async () => {
  const target = fakePlatform();
  const flaky = flakyDeliveries(1);
  const log = capturing();
  const consumer = outbox.consume(target.adapter, {
    deliveries: flaky.deliveries,
    logger: log.logger,
    recordRetry: { patienceMs: 0, firstDelayMs: 60_000, maxDelayMs: 60_000 },
  });
  const seq = await outbox.publishReply("record-lost", "sent unrecorded", "record-lost");
  await outbox.ackedThrough(seq);
  await consumer.stop();
  assert.equal(flaky.writes.length, 2, "one failed write, then the redelivery's");
  assert.deepEqual(target.sent, ["sent unrecorded", "sent unrecorded"]);
  assert.deepEqual(
    log.records.filter((r) => r.level !== "info").map((r) => `${r.level} ${r.msg}`),
    [
      `error [outbox] could not record delivered chunk ${flaky.keys[0]}; a redelivery may send it again`,
      "error [work] handler failed on delivery 1, will retry",
    ],
  );
});

test("a send that fails as the account is released is handed back, not given up; the next holder sends it", async () => {
  const released = new AbortController();
  const leaving = fakePlatform(() => {
    released.abort();
    throw new ChannelsError(ChannelsErrorCode.BadTarget, "request aborted mid-flight");
  });
  const failures: string[] = [];
  const deadBefore = await deadLetterCount(outbox.bus, DeadLetterReason.Rejected);
  const first = outbox.consume(leaving.adapter, {
    signal: released.signal,
    onFailed: (reason) => failures.push(reason),
  });
  const stopped = new Promise<void>((resolve) =>
    released.signal.addEventListener("abort", () => void first.stop().then(resolve)),
  );
  const seq = await outbox.publishReply("released-sending", "mid release", "released-sending");
  await stopped;
  const next = fakePlatform();
  const second = outbox.consume(next.adapter);
  await outbox.ackedThrough(seq);
  await second.stop();
  assert.deepEqual(next.sent, ["mid release"]);
  assert.deepEqual(failures, [], "not given up");
  assert.equal(await deadLetterCount(outbox.bus, DeadLetterReason.Rejected), deadBefore);
});

test("without status hooks a reply is sent and a refused one dead-lettered, with no handler failure", async () => {
  const target = fakePlatform((chunk) => {
    if (chunk.text === "refused") throw new ChannelsError(ChannelsErrorCode.BadTarget, "gone");
  });
  const log = capturing();
  const consumer = outbox.consume(target.adapter, { logger: log.logger });
  const deadBefore = await deadLetterCount(outbox.bus, DeadLetterReason.Rejected);
  await outbox.publishReply("no-hooks-ok", "delivered", "no-hooks-ok");
  const seq = await outbox.publishReply("no-hooks-refused", "refused", "no-hooks-refused");
  await outbox.ackedThrough(seq);
  await consumer.stop();
  assert.deepEqual(target.sent, ["delivered"]);
  assert.equal(await deadLetterCount(outbox.bus, DeadLetterReason.Rejected), deadBefore + 1);
  assert.deepEqual(
    log.records.filter((r) => r.level === "error").map((r) => r.msg),
    [],
  );
});
