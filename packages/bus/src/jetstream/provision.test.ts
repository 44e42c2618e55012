import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { provisionPlan } from "../catalogue/index.js";
import { ObjectStores, Streams } from "../catalogue/resources.js";
import { natsHandles } from "../core/bus.js";
import { useNats } from "../test-support/bus-fixture.js";
import { provision } from "./provision.js";

const nats = useNats();

test("provisioning creates everything once; a second run changes nothing", async () => {
  const bus = await nats.bus();
  const first = await provision(bus, provisionPlan, silentLogger);
  const expected =
    provisionPlan.streams.length +
    provisionPlan.consumers.length +
    provisionPlan.buckets.length +
    (provisionPlan.objectStores?.length ?? 0);
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

test("the attachments object store is bounded (30 days, 256 MiB, new writes refused when full) and kept so", async () => {
  const bus = await nats.bus();
  await provision(bus, provisionPlan, silentLogger);
  const jsm = await natsHandles(bus).jsm();
  const name = `OBJ_${ObjectStores.Attachments.name}`;
  const { config } = await jsm.streams.info(name);
  assert.equal(config.max_age, 30 * 86_400 * 1e9);
  assert.equal(config.max_bytes, 256 * 1024 * 1024);
  assert.equal(config.discard, "new");
  assert.equal(config.storage, "file");
  assert.equal(config.num_replicas, 1);
  await jsm.streams.update(name, { ...config, max_bytes: 1024 * 1024, max_age: 0 });
  const report = await provision(bus, provisionPlan, silentLogger);
  assert.deepEqual(report.updated, [`${name} (max_age, max_bytes)`]);
  const restored = (await jsm.streams.info(name)).config;
  assert.equal(restored.max_bytes, ObjectStores.Attachments.maxBytes);
  assert.equal(restored.max_age, 30 * 86_400 * 1e9);
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
