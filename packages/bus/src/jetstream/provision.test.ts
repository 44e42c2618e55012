import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { provisionPlan } from "../catalogue/index.js";
import { Streams } from "../catalogue/resources.js";
import { natsHandles } from "../core/bus.js";
import { useNats } from "../test-support/bus-fixture.js";
import { provision } from "./provision.js";

const nats = useNats();

test("provisioning creates everything once; a second run changes nothing", async () => {
  const bus = await nats.bus();
  const first = await provision(bus, provisionPlan, silentLogger);
  const expected =
    provisionPlan.streams.length + provisionPlan.consumers.length + provisionPlan.buckets.length;
  assert.equal(first.created.length, expected);
  const jsm = await natsHandles(bus).jsm();
  const before = await jsm.streams.info(Streams.Inbox.name);
  const second = await provision(bus, provisionPlan, silentLogger);
  assert.deepEqual(second.created, []);
  assert.deepEqual(second.updated, []);
  assert.equal(second.unchanged.length, expected);
  const after = await jsm.streams.info(Streams.Inbox.name);
  assert.deepEqual(after.config, before.config);
});

test("a stream changed by hand is put back in line with the catalogue", async () => {
  const bus = await nats.bus();
  await provision(bus, provisionPlan, silentLogger);
  const jsm = await natsHandles(bus).jsm();
  const info = await jsm.streams.info(Streams.Logs.name);
  await jsm.streams.update(Streams.Logs.name, { ...info.config, max_bytes: 1024 * 1024 });
  const report = await provision(bus, provisionPlan, silentLogger);
  assert.deepEqual(report.updated, ["LOGS (max_bytes)"]);
  assert.equal((await jsm.streams.info(Streams.Logs.name)).config.max_bytes, Streams.Logs.maxBytes);
});

test("two services provisioning at the same moment both succeed", async () => {
  const [a, b] = await Promise.all([nats.bus("a"), nats.bus("b")]);
  const jsm = await natsHandles(a).jsm();
  for (const stream of provisionPlan.streams) await jsm.streams.delete(stream.name).catch(() => {});
  const results = await Promise.allSettled([
    provision(a, provisionPlan, silentLogger),
    provision(b, provisionPlan, silentLogger),
  ]);
  // One may lose the create race; it must then find the resources made by the other on retry.
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length) await provision(b, provisionPlan, silentLogger);
  const report = await provision(a, provisionPlan, silentLogger);
  assert.deepEqual(report.created, []);
});
