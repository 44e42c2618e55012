import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { silentLogger } from "@clawfleet/log";
import { startNatsCluster, startNatsServer, type NatsTestCluster } from "../testing/index.js";
import { provisionPlan } from "../catalogue/index.js";
import { Streams } from "../catalogue/resources.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { connectBus } from "../core/connect.js";
import { plannedStreamNames, provision } from "../jetstream/provision.js";
import { streamPlacements } from "../jetstream/stream-placement.js";
import { clusterTopology } from "./cluster-topology.js";
import { defaultReplicas } from "./topology.js";

let cluster: NatsTestCluster;
const buses: Bus[] = [];
const names = plannedStreamNames(provisionPlan);

async function bus(servers = cluster.url): Promise<Bus> {
  const opened = await connectBus({ servers, name: "cluster-test", logger: silentLogger });
  buses.push(opened);
  return opened;
}

before(async () => {
  cluster = await startNatsCluster();
});
after(async () => {
  await Promise.all(buses.map((b) => b.close().catch(() => {})));
  await cluster.dispose();
});

test("on a 3-node cluster every stream, bucket and object store is provisioned R3 with a leader", async () => {
  const b = await bus();
  const topology = await clusterTopology(b, cluster.url, {}, names);
  assert.equal(topology.size, 3);
  assert.equal(topology.cluster, cluster.name);
  assert.equal(topology.problem, undefined);
  await provision(b, provisionPlan, silentLogger, { replicas: defaultReplicas(topology) });
  const placements = await streamPlacements(b, names);
  assert.ok(names.includes("OBJ_attachments"), "the attachments object store is among them");
  assert.equal(
    placements.length,
    provisionPlan.streams.length +
      provisionPlan.buckets.length +
      (provisionPlan.objectStores?.length ?? 0),
  );
  for (const p of placements) {
    assert.equal(p.replicas, 3, `${p.name} is R3`);
    assert.ok(p.leader, `${p.name} has a leader`);
    assert.equal(p.peers.length, 3);
  }
});

test("provisioning never lowers replicas: a later run asking for 1 leaves R3 streams R3", async () => {
  const b = await bus();
  const report = await provision(b, provisionPlan, silentLogger, { replicas: 1 });
  assert.deepEqual(report.updated, []);
  for (const p of await streamPlacements(b, names)) assert.equal(p.replicas, 3, p.name);
});

test("an operator's R3 on one stream survives provisioning that wants R1 elsewhere", async () => {
  const b = await bus();
  const jsm = await natsHandles(b).jsm();
  await jsm.streams.delete(Streams.Logs.name);
  await provision(b, provisionPlan, silentLogger, { replicas: 1 });
  assert.equal((await jsm.streams.info(Streams.Logs.name)).config.num_replicas, 1);
  const info = await jsm.streams.info(Streams.Logs.name);
  await jsm.streams.update(Streams.Logs.name, { ...info.config, num_replicas: 3 });
  await provision(b, provisionPlan, silentLogger, { replicas: 1 });
  assert.equal((await jsm.streams.info(Streams.Logs.name)).config.num_replicas, 3);
});

test("a leaderless stream is named: an R1 stream whose node is down is offline", async () => {
  const b = await bus();
  const jsm = await natsHandles(b).jsm();
  await jsm.streams.add({ name: "LONELY", subjects: ["lonely.>"], num_replicas: 1 });
  const [before] = await streamPlacements(b, ["LONELY"]);
  const holder = cluster.nodes.find((n) => n.name === before?.leader);
  assert.ok(holder, "the R1 stream has a leader node");
  await holder.kill();
  try {
    const survivor = await bus(cluster.nodes.find((n) => n !== holder)!.url);
    let placement;
    for (let i = 0; i < 100; i++) {
      [placement] = await streamPlacements(survivor, ["LONELY"]);
      if (placement?.problem) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(placement?.problem, "the stream is reported without a leader");
    assert.equal(placement.leader, undefined);
    // R3 INBOX keeps its leader, or elects another among the two nodes left.
    let inbox;
    for (let i = 0; i < 150; i++) {
      [inbox] = await streamPlacements(survivor, [Streams.Inbox.name]);
      if (!inbox?.problem) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(inbox?.problem, undefined, "R3 INBOX has a leader on the two nodes left");
    assert.notEqual(inbox?.leader, holder.name);
  } finally {
    await holder.restart();
    await cluster.waitUntilFormed();
  }
});

test("independent servers behind one URL list are split brain; a 2-node cluster has no quorum", async () => {
  const [a, c] = await Promise.all([startNatsServer(), startNatsServer()]);
  const pair = await startNatsCluster(process.env, { size: 2, name: "pair" });
  try {
    const split = await bus(`${a.url},${c.url}`);
    const topology = await clusterTopology(split, `${a.url},${c.url}`, {}, names);
    assert.equal(topology.problem?.kind, "split-brain");
    assert.match(topology.problem.message, /2 independent NATS servers/);
    const two = await bus(pair.url);
    const pairTopology = await clusterTopology(two, pair.nodes[0]!.url, {}, names);
    assert.equal(pairTopology.problem?.kind, "no-quorum");
  } finally {
    await Promise.all([a.dispose(), c.dispose(), pair.dispose()]);
  }
});
