// A worker that vanishes from the bus (killed, connection gone) has its sessions taken over as soon
// as its signal comes back, without waiting out its lease: the lease here lives ten minutes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Buckets, sessionStateSchema, TypedBucket, type Bus } from "@clawfleet/bus";
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
import { holderGone, serveHolderLiveness } from "./holder-liveness.js";

const LONG_LEASE = { leaseTtlMs: 600_000, leaseRenewMs: 200_000 };

let nats: NatsTestServer;
let bus: Bus;
const fake = new AnthropicFake();
const env = () => ({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.baseURL });
const config = { agents: { defaults: { model: "anthropic/orphans" } } };

before(async () => {
  ({ nats, bus } = await startTestNats());
  await fake.start();
});
after(async () => {
  await bus.close();
  await fake.stop();
  await nats.dispose();
});

test("a holder is alive while it serves its liveness subject and gone once it stops", async () => {
  const sub = serveHolderLiveness(bus, "host-1#abcd1234");
  assert.equal(await holderGone(bus, "host-1#abcd1234"), false);
  assert.equal(await holderGone(bus, "host-1#other"), true, "another holder name is not alive");
  sub.unsubscribe();
  await until(() => holderGone(bus, "host-1#abcd1234"), 5000, "unsubscribed holder gone");
});

test("the session of a worker gone from the bus mid-turn is answered by another worker, once, long before its lease expires", async () => {
  const key = "agent:main:telegram:direct:orphan";
  const sessions = await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema);
  const doomed: TestWorker = await startWorker(nats.url, config, env(), "doomed", LONG_LEASE);
  fake.script.enqueueFor(
    "orphans",
    llm.delay(60_000, llm.text("the doomed worker never sends this")),
  );
  await submit(bus, telegramInput(key, "who answers?", "orphan"));
  await fake.requests.waitFor((r) => r.model === "orphans", { timeoutMs: 20_000 });
  const lease = (await sessions.get(sessionToken(key)))?.value.lease;
  assert.match(lease?.holder ?? "", /^doomed#/);
  await doomed.bus.close(); // like kill -9: its subscriptions and pending acks die with the connection

  const survivor = await startWorker(nats.url, config, env(), "survivor", LONG_LEASE);
  try {
    const replies = await waitForOutbox(bus, (m) => m.some((r) => r.sessionKey === key), 60_000);
    assert.match(replies.find((r) => r.sessionKey === key)!.text, /^echo: .*who answers\?/s);
    await until(async () => (await sessions.get(sessionToken(key)))?.value.lease === undefined);
    assert.equal(
      (await waitForOutbox(bus, () => true)).filter((r) => r.sessionKey === key).length,
      1,
    );
  } finally {
    await stopWorker(survivor);
    await doomed.service.stop().catch(() => undefined);
  }
});
