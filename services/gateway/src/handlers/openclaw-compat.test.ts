import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectBus, Outbox, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  startEchoAgent,
  startNatsServer,
  type EchoAgent,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { OPENCLAW_COMPAT_VERSION } from "../protocol/compat-version.js";
import { startTestGateway, type TestGateway } from "../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../test-support/protocol-client.js";

// The methods and shapes OpenClaw's own CLI and Control UI use (see test/compat/ for the real clients).
const TOKEN = "compat-methods-token-9a8b7c6d";
const CONFIG = `{
  agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5", fallbacks: ["openai/gpt-4o"] } },
            list: [{ id: "main", identity: { name: "Claw", emoji: "🦀" } }] },
  channels: { telegram: { botToken: "123:abc" } },
}`;
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let client: ProtocolClient;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN, config: CONFIG });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  client = await connectClient(gateway.wsUrl, { token: TOKEN });
});
after(async () => {
  client.close();
  await bus.close();
  await gateway.stop();
  await nats.dispose();
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("OpenClaw client compatibility", () => {
  it("hello advertises OpenClaw's version, published-model-catalog and the methods its clients call", () => {
    const hello = client.hello.payload;
    assert.equal(hello.server.version, OPENCLAW_COMPAT_VERSION);
    assert.equal(typeof hello.server.clawfleetVersion, "string");
    assert.ok(hello.features.capabilities.includes("published-model-catalog"));
    for (const method of [
      "message.action",
      "system-presence",
      "last-heartbeat",
      "diagnostics.stability",
      "agents.list",
      "agent.identity.get",
      "node.list",
      "device.pair.list",
      "skills.status",
      "usage.status",
      "usage.cost",
      "update.status",
      "commands.list",
      "tools.catalog",
      "wizard.start",
      "cron.list",
      "cron.status",
      "chat.startup",
      "chat.metadata",
      "sessions.describe",
      "sessions.subscribe",
      "sessions.messages.subscribe",
      "sessions.usage",
      "models.authStatus",
      "exec.approval.list",
      "plugin.approval.list",
      "talk.catalog",
      "themes.list",
      "progressCard.get",
      "question.list",
      "sessions.observer.visibility",
    ])
      assert.ok(hello.features.methods.includes(method), `advertises ${method}`);
  });

  it("models.list answers OpenClaw's entries from the config while no agents worker runs", async () => {
    const res = await client.request("models.list", { view: "default", includeDetails: true });
    assert.equal(res.ok, true, JSON.stringify(res));
    assert.equal(res.payload.source, "config");
    assert.deepEqual(
      res.payload.models.map((m: { id: string; provider: string }) => [m.provider, m.id]),
      [
        ["anthropic", "claude-sonnet-4-5"],
        ["openai", "gpt-4o"],
      ],
    );
    assert.equal(res.payload.models[0].ref, "anthropic/claude-sonnet-4-5");
  });

  it("agents.list and agent.identity.get come from the config", async () => {
    const list = await client.request("agents.list");
    assert.equal(list.payload.defaultId, "main");
    assert.deepEqual(list.payload.agents[0].identity, { name: "Claw", emoji: "🦀" });
    const identity = await client.request("agent.identity.get", { sessionKey: "agent:main:main" });
    assert.deepEqual([identity.payload.agentId, identity.payload.name], ["main", "Claw"]);
  });

  it("message.action send queues a direct message; other actions are refused as not supported", async () => {
    const sent = await client.request("message.action", {
      channel: "telegram",
      action: "send",
      params: { to: "telegram:4244", message: "hi" },
      idempotencyKey: "msg-action-1",
    });
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const last = await bus.stream(Outbox).last({ channel: "telegram", account: "default" });
    assert.equal(last!.data.text, "hi");
    assert.deepEqual(last!.data.target.peer, { kind: "dm", id: "4244" });
    const react = await client.request("message.action", {
      channel: "telegram",
      action: "react",
      params: { to: "4244", emoji: "👍" },
    });
    assert.equal(react.error!.code, "INVALID_REQUEST");
    assert.match(react.error!.message, /not supported/);
    assert.equal(react.error!.details.code, "NOT_SUPPORTED");
  });

  it("absent features read empty and refuse actions; cron pages follow OpenClaw's inventory contract", async () => {
    assert.deepEqual((await client.request("node.list")).payload.nodes, []);
    assert.deepEqual((await client.request("device.pair.list")).payload.paired, []);
    const wizard = await client.request("wizard.start", {});
    assert.match(wizard.error!.message, /not supported/);
    assert.deepEqual((await client.request("environments.list", {})).payload.environments, []);
    const info = await client.request("system.info", {});
    assert.equal(info.error?.details.code, "NOT_SUPPORTED", JSON.stringify(info));
    const page = await client.request("cron.list", { limit: 200, offset: 0 });
    assert.deepEqual(
      [page.payload.jobs, page.payload.total, page.payload.hasMore, page.payload.nextOffset],
      [[], 0, false, null],
    );
    assert.equal(typeof page.payload.snapshotRevision, "string");
    assert.equal((await client.request("cron.status")).payload.enabled, false);
    const add = await client.request("cron.add", {});
    assert.equal(add.error?.code, "INVALID_REQUEST");
    assert.match(add.error!.message, /invalid cron\.add params: schedule: /);
    const presence = await client.request("system-presence");
    assert.ok(Array.isArray(presence.payload) && presence.payload.length >= 1);
    const stability = await client.request("diagnostics.stability", { limit: 10 });
    assert.ok(stability.payload.summary.memory.latest.rssBytes > 0);
    assert.equal((await client.request("last-heartbeat")).ok, true);
  });

  it("logs.tail lines are OpenClaw log records (time, level, subsystem, message)", async () => {
    let line: Record<string, unknown> | undefined;
    await waitUntil(async () => {
      const page = await client.request("logs.tail", { limit: 200 });
      line = (page.payload.lines as string[])
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => /listening on ws:/.test(String(l.message)));
      return line !== undefined;
    });
    assert.match(String(line!.time), /^\d{4}-\d\d-\d\dT/);
    assert.equal(line!.level, "info");
    assert.match(String(line!.subsystem), /^gateway/);
  });

  it("health prints every session store field: path, count and recent ages", async () => {
    const health = await client.request("health");
    assert.equal(typeof health.payload.sessions.path, "string");
    assert.equal(typeof health.payload.agents[0].sessions.path, "string");
    assert.equal(
      health.payload.agents[0].sessions.count,
      health.payload.agents[0].sessions.recent.length,
    );
  });

  it("unknown methods are counted per method in /metrics and logged once per connection", async () => {
    for (let i = 0; i < 3; i++) await client.request("no.such.compat");
    const port = await gateway.handle.healthPort;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /clawfleet_gateway_unknown_method_total\{method="no.such.compat"\} 3/);
    const logged = gateway.lines.filter(
      (l) => l.includes("unknown method") && l.includes("no.such.compat"),
    );
    assert.equal(logged.length, 1, logged.join("\n"));
  });

  describe("with an agents worker", () => {
    let echo: EchoAgent;
    before(() => (echo = startEchoAgent(bus)));
    after(() => echo.stop());

    it("agent with replyChannel/replyTo delivers, and the final result carries payloads", async () => {
      const res = await client.request("agent", {
        message: "tell 4243",
        deliver: true,
        replyChannel: "telegram",
        replyTo: "4243",
        idempotencyKey: "compat-deliver",
      });
      assert.equal(res.ok, true, JSON.stringify(res));
      const final = await client.waitFor(
        (f) => f.type === "res" && f.id === res.id && f.payload?.status === "ok",
      );
      assert.deepEqual(final.payload.result.payloads, [
        { text: "echo: tell 4243", mediaUrl: null },
      ]);
      const input = echo.answered.find((i) => i.runId === "compat-deliver")!;
      assert.deepEqual(input.replyTarget?.peer, { kind: "dm", id: "4243" });
    });

    it("sessions.messages.subscribe sends session.message for that session only, with this connection's seq", async () => {
      const watcher = await connectClient(gateway.wsUrl, { token: TOKEN });
      await watcher.request("sessions.messages.subscribe", { key: "agent:main:watched" });
      await client.request("chat.send", {
        sessionKey: "agent:main:other",
        message: "not watched",
        idempotencyKey: "compat-other",
      });
      await client.request("chat.send", {
        sessionKey: "agent:main:watched",
        message: "watched",
        idempotencyKey: "compat-watched",
      });
      const event = await watcher.waitFor((f) => f.event === "session.message");
      assert.equal(event.payload.sessionKey, "agent:main:watched");
      assert.equal(event.payload.message.content[0].text, "echo: watched");
      const seqs = watcher.frames
        .filter((f) => f.type === "event" && f.seq !== undefined)
        .map((f) => f.seq!);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => seqs[0]! + i),
        "gapless per-connection seq",
      );
      assert.ok(
        !watcher
          .events("session.message")
          .some((f) => f.payload.sessionKey !== "agent:main:watched"),
      );
      watcher.close();
    });
  });
});
