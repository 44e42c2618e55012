import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AgentsFilesList,
  Buckets,
  connectBus,
  TypedBucket,
  workspaceFileRecordSchema,
  workspaceKey,
  type Bus,
} from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../../test-support/protocol-client.js";

const TOKEN = "agents-crud-token-abcdef123456";
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let client: ProtocolClient;
const seeded: string[] = [];

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({
    natsUrl: nats.url,
    token: TOKEN,
    config: `{
      // the operator's note stays meaningful after edits
      gateway: { mode: "local" },
      bindings: [{ agentId: "main", match: { channel: "telegram" } }],
    }`,
  });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  // Stands in for an agents worker: seeding a workspace is listing it once.
  bus.serve(AgentsFilesList, {}, ({ agentId }) => {
    seeded.push(agentId);
    return { agentId, workspace: `nats-kv://workspace/${agentId}`, files: [] };
  });
  await bus.flush();
  client = await connectClient(gateway.wsUrl, { token: TOKEN });
});
after(async () => {
  client.close();
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

async function roster() {
  const list = await client.request("agents.list");
  const agents = (list.payload as { agents: { id: string; name: string; isDefault: boolean }[] })
    .agents;
  return agents.map((a) => `${a.id}${a.isDefault ? "*" : ""}:${a.name}`);
}

test("agents.create adds an agent next to the implicit main, seeds its workspace, and refuses a duplicate", async () => {
  assert.deepEqual(await roster(), ["main*:main"]);
  const created = await client.request("agents.create", {
    name: "Work Bot",
    model: "anthropic/claude-haiku-4-5",
    emoji: "🛠",
  });
  assert.equal(created.ok, true, JSON.stringify(created.error));
  assert.deepEqual(created.payload, {
    ok: true,
    agentId: "work-bot",
    name: "Work Bot",
    workspace: "nats-kv://workspace/work-bot",
    model: "anthropic/claude-haiku-4-5",
  });
  assert.deepEqual(await roster(), ["main*:main", "work-bot:Work Bot"]);
  assert.deepEqual(seeded, ["work-bot"]);
  const config = await client.request("config.get");
  const agents = (config.payload as { config: { agents: { list: unknown[] } } }).config.agents;
  assert.deepEqual(agents.list[1], {
    id: "work-bot",
    name: "Work Bot",
    identity: { name: "Work Bot", emoji: "🛠" },
    model: { primary: "anthropic/claude-haiku-4-5" },
  });

  const twice = await client.request("agents.create", { name: "work bot" });
  assert.equal(twice.ok, false);
  assert.match(twice.error?.message ?? "", /agent "work-bot" already exists/);
  const path = await client.request("agents.create", { name: "x", workspace: "/data/ws-x" });
  assert.match(path.error?.message ?? "", /workspace: a workspace path is not supported/);
  assert.deepEqual(await roster(), ["main*:main", "work-bot:Work Bot"], "nothing else was added");
});

test("agents.update renames and changes the model; null clears it; an unknown agent is refused", async () => {
  const renamed = await client.request("agents.update", {
    agentId: "work-bot",
    name: "Office",
    model: "openai/gpt-5-mini",
  });
  assert.deepEqual(renamed.payload, { ok: true, agentId: "work-bot" });
  assert.deepEqual(await roster(), ["main*:main", "work-bot:Office"]);
  const list = await client.request("agents.list");
  const work = (list.payload as { agents: { id: string; model: { primary: string } }[] }).agents[1];
  assert.equal(work?.model.primary, "openai/gpt-5-mini");
  await client.request("agents.update", { agentId: "work-bot", model: null });
  const after = await client.request("agents.list");
  const cleared = (after.payload as { agents: { model: { primary: string } }[] }).agents;
  assert.equal(cleared[1]?.model.primary, cleared[0]?.model.primary, "back to the defaults' model");

  const unknown = await client.request("agents.update", { agentId: "nobody", name: "x" });
  assert.equal(unknown.ok, false);
  assert.match(unknown.error?.message ?? "", /unknown agent "nobody"/);
});

test("agents.delete removes the agent, its bindings and (deleteFiles) its workspace; the default agent stays", async () => {
  await client.request("config.patch", {
    raw: JSON.stringify({
      bindings: [
        { agentId: "main", match: { channel: "telegram" } },
        { agentId: "work-bot", match: { channel: "slack" } },
      ],
    }),
    baseHash: ((await client.request("config.get")).payload as { hash: string }).hash,
  });
  const files = await TypedBucket.open(bus, Buckets.Workspace, workspaceFileRecordSchema);
  await files.put(workspaceKey("work-bot", "SOUL.md"), {
    content: "busy",
    updatedAt: Date.now(),
    updatedBy: "seed",
  });

  const refused = await client.request("agents.delete", { agentId: "main" });
  assert.equal(refused.ok, false);
  assert.match(refused.error?.message ?? "", /"main" is the default agent/);

  const deleted = await client.request("agents.delete", { agentId: "work-bot", deleteFiles: true });
  assert.deepEqual(deleted.payload, {
    ok: true,
    agentId: "work-bot",
    removedBindings: 1,
    removed: [{ path: "nats-kv://workspace/work-bot/SOUL.md", method: "trash" }],
  });
  assert.deepEqual(await roster(), ["main*:main"]);
  assert.equal(await files.get(workspaceKey("work-bot", "SOUL.md")), undefined);
  const config = await client.request("config.get");
  const bindings = (config.payload as { config: { bindings: { agentId: string }[] } }).config
    .bindings;
  assert.deepEqual(
    bindings.map((b) => b.agentId),
    ["main"],
  );
});
