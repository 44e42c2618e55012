import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Buckets, sessionStateSchema, TypedBucket, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import type { NatsTestServer } from "@clawfleet/testkit";
import { LeaseLostError } from "../../errors.js";
import { startTestNats } from "../../test-support/agents-harness.js";
import { SessionHold, type SessionBucket } from "./session-hold.js";

let nats: NatsTestServer;
let bus: Bus;
let bucket: SessionBucket;

before(async () => {
  ({ nats, bus } = await startTestNats());
  bucket = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
});
after(async () => {
  await bus.close();
  await nats.dispose();
});

const options = (holder: string, now?: () => number) => ({
  holder,
  ttlMs: 15_000,
  ownTokens: new Set<string>(),
  ...(now ? { now } : {}),
});

test("one holder at a time: a second worker finds the session busy until the first releases it", async () => {
  const a = await SessionHold.acquire(bucket, "agent:main:one", options("a"));
  assert.ok("held" in a);
  const b = await SessionHold.acquire(bucket, "agent:main:one", options("b"));
  assert.ok("busy" in b);
  await a.held.release();
  assert.ok("held" in (await SessionHold.acquire(bucket, "agent:main:one", options("b"))));
});

test("racing workers: exactly one wins a new session", async () => {
  const results = await Promise.all(
    ["w1", "w2", "w3", "w4"].map((w) => SessionHold.acquire(bucket, "agent:main:race", options(w))),
  );
  assert.equal(results.filter((r) => "held" in r).length, 1);
});

test("an expired lease (its holder stopped renewing) is taken over, and the old holder can no longer commit", async () => {
  let now = Date.now();
  const old = await SessionHold.acquire(
    bucket,
    "agent:main:expire",
    options("dead", () => now),
  );
  assert.ok("held" in old);
  now += 18_000;
  const next = await SessionHold.acquire(
    bucket,
    "agent:main:expire",
    options("alive", () => now),
  );
  assert.ok("held" in next, "the lease expired after ttl + skew");
  await assert.rejects(
    old.held.update((s) => ({ ...s, lastSeq: 99 })),
    LeaseLostError,
  );
  assert.equal((await bucket.get(sessionToken("agent:main:expire")))!.value.lastSeq, 0);
});

test("a lease of this process that no running turn owns is stale and taken at once; a live one is not", async () => {
  const tokens = new Set<string>();
  const first = await SessionHold.acquire(bucket, "agent:main:stale", {
    holder: "me",
    ttlMs: 15_000,
    ownTokens: tokens,
  });
  assert.ok("held" in first);
  assert.ok(
    "busy" in
      (await SessionHold.acquire(bucket, "agent:main:stale", {
        holder: "me",
        ttlMs: 15_000,
        ownTokens: tokens,
      })),
    "its token is registered: busy",
  );
  tokens.clear();
  assert.ok(
    "held" in
      (await SessionHold.acquire(bucket, "agent:main:stale", {
        holder: "me",
        ttlMs: 15_000,
        ownTokens: tokens,
      })),
    "forgotten token: stale, taken",
  );
});

test("a concurrent change by an RPC is merged, not lost; the holder keeps its lease", async () => {
  const held = await SessionHold.acquire(bucket, "agent:main:merge", options("h"));
  assert.ok("held" in held);
  const token = sessionToken("agent:main:merge");
  const current = (await bucket.get(token))!;
  await bucket.update(token, { ...current.value, sessionId: "reset-by-rpc" }, current.revision);
  const after = await held.held.update((s) => ({ ...s, lastSeq: 5 }));
  assert.equal(after.sessionId, "reset-by-rpc");
  assert.equal(after.lastSeq, 5);
});

test("idle: nothing to do for an answered signal", async () => {
  const held = await SessionHold.acquire(bucket, "agent:main:idle", options("h"));
  assert.ok("held" in held);
  await held.held.release((s) => ({ ...s, lastSeq: 3 }));
  const again = await SessionHold.acquire(bucket, "agent:main:idle", {
    ...options("x"),
    hasWork: (s) => s.lastSeq < 3,
  });
  assert.ok("idle" in again);
});
