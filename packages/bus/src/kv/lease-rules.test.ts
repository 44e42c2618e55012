import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import type { BucketDef } from "../catalogue/define.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { Lease, LEASE_CLOCK_SKEW_MS, leaseRecordSchema, leaseStale } from "./lease.js";
import { TypedBucket } from "./typed-bucket.js";

// The expiry and fencing rules of one Lease, on a real bucket with clocks the test sets.
const nats = useNats();
const Leases: BucketDef = { name: "test-lease-rules", doc: "test" };
const TTL = 10_000;

async function bucket() {
  const bus = await nats.bus("rules");
  await provision(bus, { streams: [], consumers: [], buckets: [Leases] }, silentLogger);
  return TypedBucket.open(bus, Leases, leaseRecordSchema);
}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  const c = { now: start, read: () => c.now };
  return c;
}

test("a record is stale once unrenewed for longer than its TTL plus the clock-skew allowance", () => {
  assert.equal(LEASE_CLOCK_SKEW_MS, 2000);
  const record = { renewedAt: 1000, ttlMs: TTL };
  assert.equal(leaseStale(record, 1000 + TTL + 2000), false);
  assert.equal(leaseStale(record, 1000 + TTL + 2001), true);
});

test("acquiring writes who holds it and since when; the revision is the fencing token", async () => {
  const kv = await bucket();
  const time = clock();
  const lease = new Lease(kv, "fields", "a", TTL, time.read);
  assert.equal(lease.revision, undefined);
  assert.equal(lease.held, false);
  assert.equal(await lease.tryAcquire(), true);
  const stored = await kv.get("fields");
  assert.deepEqual(stored!.value, {
    holder: "a",
    acquiredAt: time.now,
    renewedAt: time.now,
    ttlMs: TTL,
  });
  assert.equal(lease.revision, stored!.revision);
  assert.equal(lease.held, true);
  time.now += 1000;
  assert.equal(await lease.tryAcquire(), true, "already ours");
  assert.equal(await lease.renew(), true);
  assert.equal((await kv.get("fields"))!.value.renewedAt, time.now);
  assert.equal(lease.revision, (await kv.get("fields"))!.revision, "the token moves on");
});

test("the holder stops believing it holds the lease after 80 % of the TTL without renewal", async () => {
  const kv = await bucket();
  const time = clock();
  const lease = new Lease(kv, "margin", "a", TTL, time.read);
  await lease.tryAcquire();
  time.now += TTL * 0.8 - 1;
  assert.equal(lease.held, true);
  time.now += 1;
  assert.equal(lease.held, false, "self-fenced before any standby may take over");
  assert.equal(await lease.renew(), true, "a late renewal still works while nobody took it");
  assert.equal(lease.held, true);
});

test("a standby takes a lease only once stale by the record's clock, or unchanged for a whole TTL by its own", async () => {
  const kv = await bucket();
  const holderClock = clock();
  const holder = new Lease(kv, "standby", "a", TTL, holderClock.read);
  await holder.tryAcquire();
  // The standby's clock runs 5 s behind: the record looks fresh to it for longer.
  const standbyClock = clock(holderClock.now - 5000);
  const standby = new Lease(kv, "standby", "b", TTL, standbyClock.read);
  assert.equal(await standby.tryAcquire(), false, "held and fresh");
  standbyClock.now += TTL;
  assert.equal(await standby.tryAcquire(), false, "seen unchanged for exactly a TTL");
  standbyClock.now += 1;
  assert.equal(await standby.tryAcquire(), true, "unchanged for longer than a TTL");
  assert.equal(holder.held, true, "the old holder's own clock has not run");
  assert.equal(await holder.renew(), false, "its renewal reports the loss");
  assert.equal(holder.held, false);
  assert.equal(holder.revision, undefined);
});

test("a renewal the standby sees restarts its count; a record stale by its clock is taken at once", async () => {
  const kv = await bucket();
  const time = clock();
  const holder = new Lease(kv, "renewed", "a", TTL, time.read);
  const standby = new Lease(kv, "renewed", "b", TTL, time.read);
  await holder.tryAcquire();
  assert.equal(await standby.tryAcquire(), false);
  time.now += TTL * 0.6;
  await holder.renew();
  time.now += TTL * 0.6;
  assert.equal(await standby.tryAcquire(), false, "renewed 6 s ago; seen changed 6 s ago");
  const fresh = new Lease(kv, "renewed", "c", TTL, () => time.now + TTL + 2001 - TTL * 0.6);
  assert.equal(await fresh.tryAcquire(), true, "stale by renewedAt: no need to watch it first");
});

test("release frees the key for a standby at once; a lease lost meanwhile is not deleted", async () => {
  const kv = await bucket();
  const time = clock();
  const a = new Lease(kv, "release", "a", TTL, time.read);
  await a.tryAcquire();
  await a.release();
  assert.equal(a.held, false);
  assert.equal(await kv.get("release"), undefined);
  await a.release(); // not held: nothing to do
  const b = new Lease(kv, "release", "b", TTL, time.read);
  assert.equal(await b.tryAcquire(), true);
  const stolen = await kv.get("release");
  await kv.update("release", { ...stolen!.value, holder: "c" }, stolen!.revision);
  await b.release();
  assert.equal((await kv.get("release"))!.value.holder, "c", "the new holder's record stays");
});

test("abandon forgets the lease locally and leaves the record to expire", async () => {
  const kv = await bucket();
  const time = clock();
  const a = new Lease(kv, "abandon", "a", TTL, time.read);
  await a.tryAcquire();
  a.abandon();
  assert.equal(a.held, false);
  assert.equal(await a.renew(), false, "no longer ours to renew");
  assert.equal((await kv.get("abandon"))!.value.holder, "a");
  const b = new Lease(kv, "abandon", "b", TTL, time.read);
  assert.equal(await b.tryAcquire(), false, "a standby still waits for expiry");
});

test("renewing a lease whose record was deleted reports the loss", async () => {
  const kv = await bucket();
  const a = new Lease(kv, "deleted", "a", TTL);
  await a.tryAcquire();
  await kv.delete("deleted");
  assert.equal(await a.renew(), false);
  assert.equal(a.revision, undefined);
});
