import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import * as z from "zod";
import type { BucketDef } from "../catalogue/define.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { TypedBucket, isRevisionConflict, updateWithRetry } from "./typed-bucket.js";

const nats = useNats();
const Counters: BucketDef = { name: "test-counters", doc: "test" };
const counterSchema = z.object({ n: z.number().int() });

test("concurrent compare-and-set updates from several connections lose no increment", async () => {
  const buses = await Promise.all([nats.bus("a"), nats.bus("b"), nats.bus("c")]);
  await provision(buses[0]!, { streams: [], consumers: [], buckets: [Counters] }, silentLogger);
  const buckets = await Promise.all(
    buses.map((bus) => TypedBucket.open(bus, Counters, counterSchema)),
  );
  await Promise.all(
    buckets.flatMap((bucket) =>
      Array.from({ length: 10 }, () =>
        updateWithRetry(bucket, "hits", (current) => ({ n: (current?.n ?? 0) + 1 }), 50),
      ),
    ),
  );
  assert.deepEqual((await buckets[0]!.get("hits"))?.value, { n: 30 });
});

test("update with a stale revision is refused as a conflict", async () => {
  const bus = await nats.bus();
  await provision(bus, { streams: [], consumers: [], buckets: [Counters] }, silentLogger);
  const bucket = await TypedBucket.open(bus, Counters, counterSchema);
  const first = await bucket.put("stale", { n: 1 });
  await bucket.update("stale", { n: 2 }, first);
  await assert.rejects(bucket.update("stale", { n: 3 }, first), (error: unknown) =>
    isRevisionConflict(error),
  );
  await assert.rejects(bucket.create("stale", { n: 4 }), (error: unknown) =>
    isRevisionConflict(error),
  );
  const unchanged = await updateWithRetry(bucket, "stale", () => undefined);
  assert.equal(unchanged.changed, false);
  assert.deepEqual(unchanged.value, { n: 2 });
});

test("an invalid stored value is reported with bucket, key and path", async () => {
  const bus = await nats.bus();
  await provision(bus, { streams: [], consumers: [], buckets: [Counters] }, silentLogger);
  const bucket = await TypedBucket.open(bus, Counters, counterSchema);
  await bucket.kv.put("broken", new TextEncoder().encode(JSON.stringify({ n: "x" })));
  await assert.rejects(bucket.get("broken"), /kv test-counters\/broken: n: /);
});

test("keys lists each key once while another client rewrites keys during the listing", async () => {
  const [writer, reader] = await Promise.all([nats.bus("writer"), nats.bus("reader")]);
  const Listed: BucketDef = { name: "test-listed", doc: "test" };
  await provision(writer, { streams: [], consumers: [], buckets: [Listed] }, silentLogger);
  const writes = await TypedBucket.open(writer, Listed, counterSchema);
  const reads = await TypedBucket.open(reader, Listed, counterSchema);
  const total = 400;
  for (let i = 0; i < total; i += 50)
    await Promise.all(Array.from({ length: 50 }, (_, j) => writes.put(`k${i + j}`, { n: 0 })));
  // Rewrites of keys already listed land behind the listing's cursor while it runs.
  let rewriting = true;
  const rewrites = (async () => {
    for (let n = 1; rewriting; n++) await writes.put(`k${n % 20}`, { n });
  })();
  const listings = await Promise.all(Array.from({ length: 5 }, () => reads.keys()));
  rewriting = false;
  await rewrites;
  for (const keys of listings) {
    assert.equal(new Set(keys).size, keys.length, "no key twice");
    assert.equal(keys.length, total);
  }
});
