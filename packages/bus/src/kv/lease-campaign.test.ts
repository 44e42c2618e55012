import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import type { BucketDef } from "../catalogue/define.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { leaseRecordSchema } from "./lease.js";
import {
  DEFAULT_LEASE_TTL_MS,
  runLeaseCampaign,
  type LeaseCampaignOptions,
} from "./lease-campaign.js";
import { TypedBucket } from "./typed-bucket.js";

// What a campaign tells its holder: the fencing token, a signal that aborts on loss, the reason.
// TTLs of 3 s: a holder renews every second and only a stall of over 1.4 s (a very loaded machine)
// would make it self-fence.
const nats = useNats();
const Leases: BucketDef = { name: "test-lease-campaign", doc: "test" };

async function bucket(name: string) {
  const bus = await nats.bus(name);
  await provision(bus, { streams: [], consumers: [], buckets: [Leases] }, silentLogger);
  return { bus, kv: await TypedBucket.open(bus, Leases, leaseRecordSchema) };
}

/** Runs a campaign that records what it is told; stopped when the test ends, however it ends. */
function campaign(
  t: { after: (fn: () => Promise<void>) => void },
  options: Pick<LeaseCampaignOptions, "bucket" | "key" | "holder" | "ttlMs">,
) {
  const told: string[] = [];
  const held: { signal: AbortSignal; token: number }[] = [];
  const running = runLeaseCampaign({
    ...options,
    logger: silentLogger,
    onAcquired: (signal, token) => {
      held.push({ signal, token });
      told.push("acquired");
    },
    onReleased: (reason) => void told.push(`released: ${reason}`),
  });
  t.after(() => running.stop());
  return { running, told, held };
}

/** Polls `check` every 25 ms, up to 15 s (liveness only), then asserts it. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(await check(), what);
}

test("leases last 10 s unless told otherwise", () => {
  assert.equal(DEFAULT_LEASE_TTL_MS, 10_000);
});

test("the holder gets the key's revision as fencing token and renews it; a standby is told nothing", async (t) => {
  const { kv } = await bucket("token");
  const a = campaign(t, { bucket: kv, key: "token", holder: "a", ttlMs: 3000 });
  await a.running.started;
  assert.deepEqual(a.told, ["acquired"]);
  assert.equal(a.running.held, true);
  const first = await kv.get("token");
  assert.equal(a.held[0]!.token, first!.revision);
  const b = campaign(t, { bucket: kv, key: "token", holder: "b", ttlMs: 3000 });
  await b.running.started;
  assert.deepEqual(b.told, [], "the standby made its first attempt and waits");
  assert.equal(b.running.held, false);
  await until(
    async () => ((await kv.get("token"))?.revision ?? 0) >= first!.revision + 3,
    "renewed again and again",
  );
  assert.deepEqual(a.told, ["acquired"]);
  assert.equal(a.held[0]!.signal.aborted, false);
  assert.equal((await kv.get("token"))!.value.holder, "a");
});

test("a holder whose lease another took is told so, its work aborted; it takes the lease back once that one expires", async (t) => {
  const { kv } = await bucket("stolen");
  const a = campaign(t, { bucket: kv, key: "stolen", holder: "a", ttlMs: 3000 });
  await a.running.started;
  const current = await kv.get("stolen");
  await kv.update("stolen", { ...current!.value, holder: "intruder" }, current!.revision);
  await until(() => a.told.length >= 2, "told of the loss");
  assert.deepEqual(a.told.slice(0, 2), ["acquired", "released: another holder took it"]);
  assert.equal(a.held[0]!.signal.aborted, true);
  assert.equal(a.running.held, false);
  // The intruder never renews: after its TTL the campaign holds the lease again, with a new token.
  await until(() => a.told.length >= 3, "acquired again");
  assert.equal(a.told[2], "acquired");
  assert.ok(a.held[1]!.token > a.held[0]!.token);
  assert.equal(a.held[1]!.signal.aborted, false);
});

test("a holder that loses the bucket stops its work by itself", async (t) => {
  const { bus, kv } = await bucket("cut-off");
  const a = campaign(t, { bucket: kv, key: "cut-off", holder: "a", ttlMs: 3000 });
  await a.running.started;
  await bus.close();
  await until(() => a.told.length >= 2, "told of the loss");
  assert.deepEqual(a.told, ["acquired", "released: could not renew within the TTL"]);
  assert.equal(a.held[0]!.signal.aborted, true);
  assert.equal(a.running.held, false);
});

test("stopping hands the lease over: the holder's work ends, the key is freed; a standby's stop frees nothing", async (t) => {
  const { kv } = await bucket("stop");
  const a = campaign(t, { bucket: kv, key: "stop", holder: "a", ttlMs: 600_000 });
  await a.running.started;
  const b = campaign(t, { bucket: kv, key: "stop", holder: "b", ttlMs: 600_000 });
  await b.running.started;
  await b.running.stop();
  assert.deepEqual(b.told, []);
  assert.equal((await kv.get("stop"))!.value.holder, "a", "the standby left the holder's record");
  await a.running.stop();
  assert.deepEqual(a.told, ["acquired", "released: shutting down"]);
  assert.equal(a.held[0]!.signal.aborted, true);
  assert.equal(a.running.held, false);
  // Released, not left to expire (600 s): a standby that is still campaigning takes it over.
  const c = campaign(t, { bucket: kv, key: "stop", holder: "c", ttlMs: 600_000 });
  await c.running.started;
  assert.deepEqual(c.told, ["acquired"]);
});
