import assert from "node:assert/strict";
import { test } from "node:test";
import { assessTopology, defaultReplicas, type ServerIdentity } from "./topology.js";

function server(id: string, cluster?: string, peers = 0): ServerIdentity {
  return {
    endpoint: `10.0.0.${id}:4222`,
    serverId: `ID${id}`,
    serverName: `n${id}`,
    cluster,
    connectUrls: Array.from({ length: peers }, (_, i) => `10.0.0.${i}:4222`),
    jetstream: true,
  };
}

test("one lone server is a cluster of one: R1", () => {
  const topology = assessTopology([server("1")]);
  assert.equal(topology.size, 1);
  assert.equal(topology.problem, undefined);
  assert.equal(defaultReplicas(topology), 1);
});

test("three routed nodes are one cluster of three: R3, also seen through one of them", () => {
  const all = assessTopology([server("1", "c", 3), server("2", "c", 3), server("3", "c", 3)]);
  assert.equal(all.size, 3);
  assert.equal(all.problem, undefined);
  assert.equal(defaultReplicas(all), 3);
  assert.equal(assessTopology([server("1", "c", 3)]).size, 3);
  assert.equal(defaultReplicas(assessTopology([server("1", "c", 5)])), 3, "capped at 3");
});

test("independent servers behind one name are split brain, named with the fix", () => {
  const topology = assessTopology([server("1"), server("2"), server("3")]);
  assert.equal(topology.problem?.kind, "split-brain");
  assert.match(topology.problem.message, /3 independent NATS servers.*n1 at 10\.0\.0\.1:4222/);
  assert.match(topology.problem.fix, /cluster \{\}.*deploy\/nats\.conf/);
  const twoClusters = assessTopology([server("1", "a", 3), server("2", "b", 3)]);
  assert.equal(twoClusters.problem?.kind, "split-brain");
});

test("the same server reached at two addresses is one server", () => {
  const a = server("1");
  const topology = assessTopology([a, { ...a, endpoint: "[::1]:4222" }]);
  assert.equal(topology.problem, undefined);
  assert.equal(topology.servers.length, 1);
});

test("a two-node cluster is refused: no quorum after one loss", () => {
  const topology = assessTopology([server("1", "c", 2), server("2", "c", 2)]);
  assert.equal(topology.problem?.kind, "no-quorum");
  assert.match(topology.problem.message, /2 nodes.*majority/);
  assert.match(topology.problem.fix, /fly scale count nats=3/);
});

test("a three-node cluster with one node down is still three (streams remember R3)", () => {
  const topology = assessTopology([server("1", "c", 2), server("2", "c", 2)], 3);
  assert.equal(topology.size, 3);
  assert.equal(topology.problem, undefined);
});
