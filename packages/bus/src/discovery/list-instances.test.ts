import assert from "node:assert/strict";
import { test } from "node:test";
import { natsHandles } from "../core/bus.js";
import { useNats } from "../test-support/bus-fixture.js";
import { listInstances } from "./list-instances.js";
import { registerServiceInstance } from "./service-instance.js";

const nats = useNats();

test("every registered instance answers; a stopped one no longer does", async () => {
  const bus = await nats.bus();
  const register = (name: string, id: string) =>
    registerServiceInstance(bus, {
      name,
      id,
      version: "1.0.0",
      description: name,
      metadata: { group: name },
      stats: () => ({ inFlight: 2 }),
    });
  register("agents", "a1");
  const stopA2 = register("agents", "a2");
  register("gateway", "g1");
  await bus.flush();
  const all = await listInstances(bus, { waitMs: 200 });
  assert.deepEqual(
    all.map((i) => `${i.name}/${i.id}`),
    ["agents/a1", "agents/a2", "gateway/g1"],
  );
  assert.deepEqual(all[0]!.data, { inFlight: 2 });
  stopA2();
  await bus.flush();
  const agents = await listInstances(bus, { service: "agents", waitMs: 200 });
  assert.deepEqual(
    agents.map((i) => i.id),
    ["a1"],
  );
  const ping = await natsHandles(bus).nc.request("$SRV.PING.gateway", undefined, { timeout: 500 });
  assert.equal(
    JSON.parse(new TextDecoder().decode(ping.data)).type,
    "io.nats.micro.v1.ping_response",
  );
});
