import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import type { BucketDef } from "../catalogue/define.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { Lease, leaseRecordSchema } from "./lease.js";
import { runLeaseCampaign, type LeaseCampaign } from "./lease-campaign.js";
import { TypedBucket } from "./typed-bucket.js";

const nats = useNats();
const Leases: BucketDef = { name: "test-leases", doc: "test" };

async function leaseBucket(name: string) {
  const bus = await nats.bus(name);
  await provision(bus, { streams: [], consumers: [], buckets: [Leases] }, silentLogger);
  return { bus, bucket: await TypedBucket.open(bus, Leases, leaseRecordSchema) };
}

test("two contenders racing for a free lease: exactly one wins", async () => {
  const { bucket } = await leaseBucket("race");
  for (let round = 0; round < 10; round++) {
    const key = `race-${round}`;
    const a = new Lease(bucket, key, "a", 5000);
    const b = new Lease(bucket, key, "b", 5000);
    const won = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    assert.equal(won.filter(Boolean).length, 1, `round ${round}: ${won}`);
  }
});

test("campaigning contenders never both hold; the survivor takes over after the holder is killed", async (t) => {
  // Renewed every second; a holder stalled for over 1.4 s would self-fence, so a loaded machine
  // (mutation runs share two cores) does not make the standby's wait look broken.
  const ttlMs = 3000;
  const holders = new Set<string>();
  let overlaps = 0;
  const events: string[] = [];
  const start = async (name: string) => {
    const { bus, bucket } = await leaseBucket(name);
    const campaign = runLeaseCampaign({
      bucket,
      key: "account",
      holder: name,
      ttlMs,
      logger: silentLogger,
      onAcquired: () => {
        holders.add(name);
        if (holders.size > 1) overlaps++;
        events.push(`+${name}@${Date.now()}`);
      },
      onReleased: () => {
        holders.delete(name);
        events.push(`-${name}@${Date.now()}`);
      },
    });
    // Stopped however the test ends: a failed assertion must not leave campaigns running forever.
    t.after(() => campaign.stop());
    return { bus, campaign };
  };
  const a = await start("a");
  await until(() => holders.has("a"));
  await start("b");
  await sleep(ttlMs * 2);
  assert.deepEqual([...holders], ["a"], "the standby waits while the holder renews");
  const killedAt = Date.now();
  await a.bus.close(); // the holder dies: no release, no more renewals
  // A deadline for liveness only (generous for a loaded machine); what is asserted is when, relative
  // to the TTL, and that the two never overlapped.
  await until(() => holders.has("b"), 30_000);
  const takeover = Date.now() - killedAt;
  assert.ok(
    takeover >= ttlMs * 0.8,
    `took over after ${takeover} ms, before the holder could have self-fenced`,
  );
  await until(() => !holders.has("a") || holders.size === 1, 30_000);
  assert.equal(overlaps, 0, events.join(" "));
});

test("a clean stop hands the lease to a standby before the lease could expire", async (t) => {
  // Far longer than the test runs: the standby can only have the lease from the release.
  const ttlMs = 600_000;
  const holders: string[] = [];
  const campaigns: LeaseCampaign[] = [];
  for (const name of ["x", "y"]) {
    const { bucket } = await leaseBucket(name);
    const campaign = runLeaseCampaign({
      bucket,
      key: "clean",
      holder: name,
      ttlMs,
      logger: silentLogger,
      onAcquired: () => void holders.push(name),
    });
    campaigns.push(campaign);
    t.after(() => campaign.stop());
    await campaign.started;
  }
  assert.deepEqual(holders, ["x"]);
  await campaigns[0]!.stop();
  await until(() => holders.length === 2, 30_000);
  assert.deepEqual(holders, ["x", "y"]);
});

test("renewing a lease someone else took reports the loss", async () => {
  const { bucket } = await leaseBucket("steal");
  const a = new Lease(bucket, "stolen", "a", 5000);
  assert.ok(await a.tryAcquire());
  const current = await bucket.get("stolen");
  await bucket.update("stolen", { ...current!.value, holder: "b" }, current!.revision);
  assert.equal(await a.renew(), false);
  assert.equal(a.held, false);
});

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await sleep(20);
  }
}
