import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger, silentLogger, type LogRecord } from "@clawfleet/log";
import type { BucketDef } from "../catalogue/define.js";
import { provision } from "../jetstream/provision.js";
import { useNats } from "../test-support/bus-fixture.js";
import { leaseRecordSchema, type LeaseBucket } from "./lease.js";
import { runLeaseCampaign, type LeaseCampaignOptions } from "./lease-campaign.js";
import { TypedBucket } from "./typed-bucket.js";

// The key watch that wakes a standby on release (standbys here poll only every 10 min, so only the
// watch can hand the lease over), a campaign over a bucket that fails, and what a campaign logs.
const nats = useNats();
const Leases: BucketDef = { name: "test-lease-watch", doc: "test" };
const TEN_MINUTES = 600_000;

async function bucket(name: string): Promise<LeaseBucket> {
  const bus = await nats.bus(name);
  await provision(bus, { streams: [], consumers: [], buckets: [Leases] }, silentLogger);
  return TypedBucket.open(bus, Leases, leaseRecordSchema);
}

/** The bucket with a count of calls per method; `intercept[method]` (if set) runs before a call. */
function instrumented(kv: LeaseBucket) {
  const calls: Record<string, number> = {};
  const intercept: Partial<Record<string, () => Promise<void>>> = {};
  const proxy = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return async (...args: unknown[]) => {
        calls[prop] = (calls[prop] ?? 0) + 1;
        await intercept[prop]?.();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { bucket: proxy, calls, intercept };
}

/** A logger whose records the test reads. */
function capturing() {
  const records: LogRecord[] = [];
  const logger = createLogger(
    { service: "test", instance: "t", level: "trace", format: "json" },
    { write: (line) => records.push(JSON.parse(line) as LogRecord) },
  );
  return { logger, records, msgs: () => records.map((r) => `${r.level} ${r.msg}`) };
}

/** Runs a campaign that records what it is told; stopped when the test ends. */
function campaign(
  t: { after: (fn: () => Promise<void>) => void },
  options: Omit<LeaseCampaignOptions, "onAcquired" | "onReleased" | "logger"> &
    Partial<Pick<LeaseCampaignOptions, "logger">>,
) {
  const told: string[] = [];
  const running = runLeaseCampaign({
    logger: silentLogger,
    ...options,
    onAcquired: () => void told.push("acquired"),
    onReleased: (reason) => void told.push(`released: ${reason} (held: ${running.held})`),
  });
  t.after(() => running.stop());
  return { running, told };
}

/** Polls `check` every 25 ms, up to 15 s (liveness only), then asserts it. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(await check(), what);
}

const revision = async (kv: LeaseBucket, key: string) => (await kv.get(key))?.revision ?? 0;

test("a standby that polls every 10 min takes the lease as soon as the holder releases it; renewals do not wake it", async (t) => {
  const kv = await bucket("watch");
  const a = campaign(t, { bucket: kv, key: "watch", holder: "a", ttlMs: 3000 });
  await a.running.started;
  const spy = instrumented(kv);
  const b = campaign(t, {
    bucket: spy.bucket,
    key: "watch",
    holder: "b",
    ttlMs: 3000,
    standbyPollMs: TEN_MINUTES,
  });
  await b.running.started;
  const first = await revision(kv, "watch");
  await until(async () => (await revision(kv, "watch")) >= first + 3, "the holder renewed");
  assert.equal(spy.calls.get, 1, "the standby read the key once: a renewal is no reason to retry");
  await a.running.stop();
  await until(() => b.told.length > 0, "the standby took over");
  assert.deepEqual(b.told, ["acquired"]);
  assert.equal((await kv.get("watch"))!.value.holder, "b");
});

test("without a watch a standby still takes a released lease by polling, and stops cleanly", async (t) => {
  const kv = await bucket("no-watch");
  const a = campaign(t, { bucket: kv, key: "no-watch", holder: "a", ttlMs: TEN_MINUTES });
  await a.running.started;
  const spy = instrumented(kv);
  spy.intercept.watch = () => Promise.reject(new Error("watch refused"));
  const log = capturing();
  const b = campaign(t, {
    bucket: spy.bucket,
    key: "no-watch",
    holder: "b",
    ttlMs: TEN_MINUTES,
    standbyPollMs: 50,
    logger: log.logger,
  });
  await b.running.started;
  assert.ok(log.msgs().includes("debug [lease] lease watch failed; relying on polling"));
  await a.running.stop();
  await until(() => b.told.length > 0, "the standby took over by polling");
  await b.running.stop();
  assert.deepEqual(b.told, ["acquired", "released: shutting down (held: false)"]);
  assert.equal(await kv.get("no-watch"), undefined, "released");
});

test("a holder keeps its lease through one failed renewal; a standby's failed attempt is only logged", async (t) => {
  const kv = await bucket("blip");
  const spy = instrumented(kv);
  const log = capturing();
  const a = campaign(t, {
    bucket: spy.bucket,
    key: "blip",
    holder: "a",
    ttlMs: 3000,
    logger: log.logger,
  });
  await a.running.started;
  let failed = false;
  spy.intercept.update = async () => {
    if (failed) return;
    failed = true;
    throw new Error("bucket blip");
  };
  await until(() => failed, "a renewal failed");
  const after = await revision(kv, "blip");
  await until(async () => (await revision(kv, "blip")) > after, "renewed again");
  assert.deepEqual(a.told, ["acquired"]);
  assert.equal(a.running.held, true);
  const step = log.records.find((r) => r.msg === "[lease] lease step failed");
  assert.equal(step?.level, "debug");
  assert.ok(step && "error" in step, "the error is in the record");
  // A standby whose read fails: logged, nothing told, still a standby.
  const spyB = instrumented(kv);
  spyB.intercept.get = () => Promise.reject(new Error("read failed"));
  const b = campaign(t, { bucket: spyB.bucket, key: "blip", holder: "b", ttlMs: 3000 });
  await b.running.started;
  assert.deepEqual(b.told, []);
});

test("what a campaign logs: acquired with its token, a loss as a warning, a shutdown as info only", async (t) => {
  const kv = await bucket("logs");
  const log = capturing();
  const a = campaign(t, { bucket: kv, key: "logs", holder: "a", ttlMs: 3000, logger: log.logger });
  await a.running.started;
  const acquired = log.records.find((r) => r.msg === "[lease] lease acquired by a");
  assert.equal(acquired?.level, "info");
  assert.equal(acquired?.subsystem, "lease");
  assert.equal(acquired?.lease, "logs");
  assert.equal(acquired?.revision, await revision(kv, "logs"));
  const current = await kv.get("logs");
  await kv.update("logs", { ...current!.value, holder: "intruder" }, current!.revision);
  await until(() => a.told.length >= 2, "told of the loss");
  assert.deepEqual(
    log.records.filter((r) => r.level === "warn").map((r) => r.msg),
    ["[lease] lease lost: another holder took it"],
  );
  // Take it back (the intruder never renews), then shut down: no warning, one "released".
  await until(() => a.told.length >= 3, "acquired again");
  await a.running.stop();
  assert.deepEqual(
    log.records.filter((r) => r.level === "warn").map((r) => r.msg),
    ["[lease] lease lost: another holder took it"],
  );
  assert.equal(log.records.filter((r) => r.msg === "[lease] lease released").length, 1);
  assert.equal(a.told.at(-1), "released: shutting down (held: false)");
});

test("a standby's stop logs no release; a release the bucket refuses is a warning, and stop still ends", async (t) => {
  const kv = await bucket("refuse");
  const spy = instrumented(kv);
  const logA = capturing();
  const a = campaign(t, {
    bucket: spy.bucket,
    key: "refuse",
    holder: "a",
    ttlMs: TEN_MINUTES,
    logger: logA.logger,
  });
  await a.running.started;
  const logB = capturing();
  const b = campaign(t, {
    bucket: kv,
    key: "refuse",
    holder: "b",
    ttlMs: TEN_MINUTES,
    logger: logB.logger,
  });
  await b.running.started;
  await b.running.stop();
  assert.deepEqual(logB.records, []);
  spy.intercept.delete = () => Promise.reject(new Error("delete refused"));
  await a.running.stop();
  const warning = logA.records.find((r) => r.level === "warn");
  assert.equal(warning?.msg, "[lease] could not release lease");
  assert.ok(warning && "error" in warning);
  assert.equal(logA.records.at(-1)?.msg, "[lease] lease released");
});

test("stop during an attempt ends the campaign without waiting for the next poll; no onReleased needed", async (t) => {
  const kv = await bucket("mid-step");
  const a = runLeaseCampaign({
    bucket: kv,
    key: "mid-step",
    holder: "a",
    ttlMs: TEN_MINUTES,
    logger: silentLogger,
    onAcquired: () => {},
  });
  t.after(() => a.stop());
  await a.started;
  const spy = instrumented(kv);
  let readStarted = false;
  let letRead: () => void = () => {};
  spy.intercept.get = () => {
    readStarted = true;
    return new Promise<void>((resolve) => (letRead = resolve));
  };
  const b = runLeaseCampaign({
    bucket: spy.bucket,
    key: "mid-step",
    holder: "b",
    ttlMs: TEN_MINUTES,
    standbyPollMs: TEN_MINUTES,
    logger: silentLogger,
    onAcquired: () => {},
  });
  await until(() => readStarted, "the standby is reading the key");
  const stopping = b.stop();
  letRead();
  await stopping;
  // The holder without an onReleased hook shuts down and frees the key.
  await a.stop();
  assert.equal(await kv.get("mid-step"), undefined);
});
