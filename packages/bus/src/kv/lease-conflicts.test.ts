import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import type { BucketDef } from "../catalogue/define.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { Lease, leaseRecordSchema, type LeaseBucket } from "./lease.js";
import { TypedBucket } from "./typed-bucket.js";

// A Lease when another writer wins the race between its read and its compare-and-set (a real
// JetStream revision conflict), and when the bucket fails outright (an error that must surface).
const nats = useNats();
const Leases: BucketDef = { name: "test-lease-conflicts", doc: "test" };
const TTL = 10_000;

async function bucket(): Promise<TypedBucket<typeof leaseRecordSchema>> {
  const bus = await nats.bus("conflicts");
  await provision(bus, { streams: [], consumers: [], buckets: [Leases] }, silentLogger);
  return TypedBucket.open(bus, Leases, leaseRecordSchema);
}

type Method = "get" | "create" | "update" | "delete";

/** The bucket, except that the next call of `method` first runs `before` (once). */
function onNext(kv: LeaseBucket, method: Method, before: () => Promise<unknown>): LeaseBucket {
  let armed = true;
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      const call = (...args: unknown[]) =>
        (value as (...a: unknown[]) => unknown).apply(target, args);
      if (prop !== method) return call;
      return async (...args: unknown[]) => {
        if (armed) {
          armed = false;
          await before();
        }
        return call(...args);
      };
    },
  });
}

const record = (holder: string) => ({ holder, acquiredAt: 1, renewedAt: 1, ttlMs: TTL });
const outage = () => Promise.reject(new Error("bucket unavailable"));

test("acquiring loses a race for a free key to whoever created it first: false, not held", async () => {
  const kv = await bucket();
  const racing = onNext(kv, "create", () => kv.create("free", record("fast")));
  const lease = new Lease(racing, "free", "slow", TTL);
  assert.equal(await lease.tryAcquire(), false);
  assert.equal(lease.held, false);
  assert.equal(lease.revision, undefined);
  assert.equal((await kv.get("free"))!.value.holder, "fast");
});

test("acquiring an expired lease loses to a writer that updated it first", async () => {
  const kv = await bucket();
  const revision = await kv.create("expired", record("dead"));
  const racing = onNext(kv, "update", () => kv.update("expired", record("fast"), revision));
  const lease = new Lease(racing, "expired", "slow", TTL);
  assert.equal(await lease.tryAcquire(), false);
  assert.equal(lease.held, false);
  assert.equal((await kv.get("expired"))!.value.holder, "fast");
});

test("acquiring surfaces a bucket failure instead of reporting the lease taken", async () => {
  const kv = await bucket();
  const lease = new Lease(onNext(kv, "create", outage), "down", "a", TTL);
  await assert.rejects(lease.tryAcquire(), /bucket unavailable/);
  assert.equal(lease.held, false);
});

test("renewing loses to a write between its read and its update: false, no longer held", async () => {
  const kv = await bucket();
  const fresh = new Lease(
    onNext(kv, "update", async () => {
      const current = await kv.get("renew2");
      await kv.update("renew2", { ...current!.value, holder: "fast" }, current!.revision);
    }),
    "renew2",
    "a",
    TTL,
  );
  // create is not wrapped: the acquisition goes through, the renewal's update loses the race.
  assert.equal(await fresh.tryAcquire(), true);
  assert.equal(await fresh.renew(), false);
  assert.equal(fresh.held, false);
  assert.equal(fresh.revision, undefined);
  assert.equal((await kv.get("renew2"))!.value.holder, "fast");
});

test("renewing surfaces a bucket failure; a lease never held renews nothing and reads nothing", async () => {
  const kv = await bucket();
  const lease = new Lease(onNext(kv, "update", outage), "renew-down", "a", TTL);
  assert.equal(await lease.tryAcquire(), true, "create is not wrapped");
  await assert.rejects(lease.renew(), /bucket unavailable/);
  const never = new Lease(onNext(kv, "get", outage), "renew-down", "b", TTL);
  assert.equal(await never.renew(), false);
});

test("a renewal notices another process of the same holder name rewrote the record", async () => {
  const kv = await bucket();
  const lease = new Lease(kv, "twin", "a", TTL);
  assert.equal(await lease.tryAcquire(), true);
  const current = await kv.get("twin");
  await kv.update("twin", { ...current!.value, renewedAt: 2 }, current!.revision);
  assert.equal(await lease.renew(), false);
  assert.equal(lease.held, false);
  assert.equal((await kv.get("twin"))!.value.renewedAt, 2, "its record is left alone");
});

test("releasing after someone else wrote the key leaves their record; a bucket failure surfaces", async () => {
  const kv = await bucket();
  const lease = new Lease(
    onNext(kv, "delete", async () => {
      const current = await kv.get("gone");
      await kv.update("gone", record("next"), current!.revision);
    }),
    "gone",
    "a",
    TTL,
  );
  assert.equal(await lease.tryAcquire(), true);
  await lease.release();
  assert.equal(lease.held, false);
  assert.equal((await kv.get("gone"))!.value.holder, "next");
  const failing = new Lease(onNext(kv, "delete", outage), "fail", "a", TTL);
  assert.equal(await failing.tryAcquire(), true);
  await assert.rejects(failing.release(), /bucket unavailable/);
});

test("releasing a lease never held deletes nothing", async () => {
  const kv = await bucket();
  assert.equal(await new Lease(kv, "other", "a", TTL).tryAcquire(), true);
  await new Lease(kv, "other", "b", TTL).release();
  assert.equal((await kv.get("other"))!.value.holder, "a");
});
