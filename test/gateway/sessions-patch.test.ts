import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Bus } from "@clawfleet/bus";
import { AnthropicFake, type NatsTestServer } from "@clawfleet/testkit";
import {
  startTestNats,
  startWorker,
  stopWorker,
  type TestWorker,
} from "../../services/agents/src/test-support/agents-harness.js";
import {
  startTestGateway,
  type TestGateway,
} from "../../services/gateway/src/test-support/gateway-fixture.js";
import {
  connectClient,
  type ProtocolClient,
} from "../../services/gateway/src/test-support/protocol-client.js";

// sessions.patch through a real gateway and agents worker on a private nats-server.
const TOKEN = "sessions-patch-token-7c1d2e3f";
const CONFIG = {
  gateway: { mode: "local" as const },
  agents: {
    defaults: {
      model: { primary: "anthropic/claude-opus-4-5" },
      models: { "anthropic/claude-haiku-4-5": { alias: "haiku" } },
    },
  },
};

describe("sessions.patch over the gateway", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let bus: Bus;
  let gateway: TestGateway;
  let worker: TestWorker;
  let client: ProtocolClient;
  const fake = new AnthropicFake();

  before(async () => {
    ({ nats, bus } = await startTestNats());
    const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: await fake.start() };
    gateway = await startTestGateway({
      natsUrl: nats.url,
      token: TOKEN,
      config: JSON.stringify(CONFIG),
      env,
    });
    worker = await startWorker(nats.url, CONFIG, env);
    client = await connectClient(gateway.wsUrl, { token: TOKEN });
  });
  after(async () => {
    client?.close();
    await stopWorker(worker);
    await gateway.stop();
    await bus.close();
    await fake.stop();
    await nats.dispose();
  });

  it("renames a session: sessions.list shows the label and readers get sessions.changed (patch)", async () => {
    const key = "agent:main:web-abc123";
    const reply = await client.request("sessions.patch", { key, label: "Groceries" });
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
    assert.equal(reply.payload.key, key);
    assert.equal(reply.payload.entry.label, "Groceries");
    assert.deepEqual(reply.payload.resolved, {
      modelProvider: "anthropic",
      model: "claude-opus-4-5",
    });
    const changed = await client.waitFor(
      (f) => f.event === "sessions.changed" && f.payload.sessionKey === key,
    );
    assert.equal(changed.payload.reason, "patch");
    const list = await client.request("sessions.list", {});
    const row = list.payload.sessions.find((s: { key: string }) => s.key === key);
    assert.equal(row.label, "Groceries");
    assert.equal(row.displayName, "Groceries");
  });

  it("sets the model: the reply and sessions.list name it", async () => {
    const key = "agent:main:web-model1";
    // OpenClaw's Control UI names the agent beside the key.
    const reply = await client.request("sessions.patch", { key, agentId: "main", model: "haiku" });
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
    assert.equal(reply.payload.entry.model, "anthropic/claude-haiku-4-5");
    assert.deepEqual(reply.payload.resolved, {
      modelProvider: "anthropic",
      model: "claude-haiku-4-5",
    });
    const list = await client.request("sessions.list", {});
    const row = list.payload.sessions.find((s: { key: string }) => s.key === key);
    assert.equal(row.model, "claude-haiku-4-5");
    assert.equal(row.modelProvider, "anthropic");
    assert.equal(row.providerOverride, "anthropic");
    assert.equal(row.modelOverride, "claude-haiku-4-5");
    assert.equal(row.override, undefined, "the internal field stays internal");
  });

  it("refuses an unknown model naming it, fields it does not support, and read-only clients", async () => {
    const unknown = await client.request("sessions.patch", {
      key: "agent:main:web-x",
      model: "acme/rocket-9",
    });
    assert.equal(unknown.error?.code, "INVALID_REQUEST");
    assert.match(unknown.error!.message, /unknown model "acme\/rocket-9"/);
    const thinking = await client.request("sessions.patch", {
      key: "agent:main:web-x",
      thinkingLevel: "high",
    });
    assert.match(thinking.error!.message, /thinkingLevel not supported/);
    const reader = await connectClient(gateway.wsUrl, {
      token: TOKEN,
      scopes: ["operator.read"],
    });
    try {
      const refused = await reader.request("sessions.patch", {
        key: "agent:main:web-x",
        label: "nope",
      });
      assert.ok(refused.error, "a read-only client may not patch");
      assert.match(refused.error!.message, /operator\.write/);
    } finally {
      reader.close();
    }
  });
});
