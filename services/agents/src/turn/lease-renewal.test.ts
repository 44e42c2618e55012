// A turn that runs far longer than its session lease keeps the lease (renewed while it runs), so no
// other worker can take the session meanwhile, and it is answered exactly once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Buckets, leaseStale, sessionStateSchema, TypedBucket, type Bus } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { AnthropicFake, llm, type NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  submit,
  telegramInput,
  until,
  waitForOutbox,
  type TestWorker,
} from "../test-support/agents-harness.js";
import { SessionHold, type SessionBucket } from "./state/session-hold.js";

const LEASE_TTL_MS = 1500;
/** The lease's TTL plus the bus's clock-skew allowance is far below this. */
const TURN_MS = 8000;

let nats: NatsTestServer;
let bus: Bus;
let sessions: SessionBucket;
let worker: TestWorker;
const fake = new AnthropicFake();

before(async () => {
  ({ nats, bus } = await startTestNats());
  sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
  await fake.start();
  worker = await startWorker(
    nats.url,
    { agents: { defaults: { model: "anthropic/long-turn" } } },
    { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL },
    "renewer",
    { leaseTtlMs: LEASE_TTL_MS, leaseRenewMs: 300 },
  );
});
after(async () => {
  await stopWorker(worker);
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

test("a turn longer than its lease renews the lease: never stale, another worker finds it busy, one reply", async () => {
  const key = "agent:main:telegram:direct:long-turn";
  const token = sessionToken(key);
  fake.script.enqueueFor("long-turn", llm.delay(TURN_MS, llm.text("finally done")));
  await submit(bus, telegramInput(key, "take your time", "long"));
  await until(async () => (await sessions.get(token))?.value.lease !== undefined, 15_000, "lease");
  const first = (await sessions.get(token))!.value.lease!;

  // Watch the lease for most of the turn: it must stay fresh and its renewal time must move on.
  let newestRenewal = first.renewedAt;
  let watched = 0;
  while (fake.requests.all().length === 0 || watched < TURN_MS - 1500) {
    const lease = (await sessions.get(token))?.value.lease;
    if (!lease) break; // the turn ended (the reply went out early: the delay did not hold)
    assert.equal(lease.token, first.token, "the same hold all along");
    assert.ok(!leaseStale(lease, Date.now()), `lease went stale after ${watched} ms of the turn`);
    newestRenewal = Math.max(newestRenewal, lease.renewedAt);
    await new Promise((r) => setTimeout(r, 200));
    watched += 200;
  }
  assert.ok(
    newestRenewal - first.acquiredAt > LEASE_TTL_MS,
    `renewed beyond one TTL (last renewal ${newestRenewal - first.acquiredAt} ms in)`,
  );
  const rival = await SessionHold.acquire(sessions, key, {
    holder: "rival",
    ttlMs: LEASE_TTL_MS,
    ownTokens: new Set(),
  });
  assert.ok("busy" in rival, "another worker cannot take a session whose turn is running");

  const replies = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 20_000);
  assert.match(replies.find((r) => r.sessionKey === key)!.text, /finally done/);
  await until(
    async () => (await sessions.get(token))?.value.lease === undefined,
    10_000,
    "release",
  );
  assert.equal(
    (await waitForOutbox(bus, () => true)).filter((r) => r.sessionKey === key).length,
    1,
  );
});
