import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AgentsFilesSet, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../../test-support/protocol-client.js";

const TOKEN = "agents-files-token-abcdef123456";
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let client: ProtocolClient;
const received: { agentId: string; name: string; content: string }[] = [];

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({
    natsUrl: nats.url,
    token: TOKEN,
    config: `{ gateway: { mode: "local" } }`,
  });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  // Stands in for the agents service: records what reaches it.
  bus.serve(AgentsFilesSet, {}, (request) => {
    received.push(request);
    const file = { name: request.name, path: `x/${request.name}`, missing: false, size: 2 };
    return { ok: true, agentId: request.agentId, workspace: "x", file };
  });
  client = await connectClient(gateway.wsUrl, { token: TOKEN });
});
after(async () => {
  client.close();
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

test("agents.files.set reaches the agents service; an oversized file or a bad name is refused at the gateway", async () => {
  const ok = await client.request("agents.files.set", { name: "SOUL.md", content: "hi" });
  assert.equal(ok.ok, true, JSON.stringify(ok));
  assert.deepEqual(received, [{ agentId: "main", name: "SOUL.md", content: "hi" }]);

  const big = await client.request("agents.files.set", {
    name: "MEMORY.md",
    content: "é".repeat(140_000),
  });
  assert.equal(big.ok, false);
  assert.equal(big.error?.code, "INVALID_REQUEST");
  assert.match(
    big.error?.message ?? "",
    /MEMORY\.md is 280000 bytes; a workspace file may hold at most 262144 bytes \(256 KiB\)/,
  );
  const bad = await client.request("agents.files.get", { name: "notes.txt" });
  assert.equal(bad.ok, false);
  assert.match(bad.error?.message ?? "", /name: a workspace file is AGENTS\.md/);
  assert.equal(received.length, 1, "nothing refused was forwarded");
});
