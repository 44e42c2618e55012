import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AnthropicFake,
  launchCli,
  llm,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import {
  connectClient,
  type ProtocolClient,
} from "../../services/gateway/src/test-support/protocol-client.js";

// usage.cost and sessions.usage with built processes: the figures are the token counts the
// Anthropic fake reported, priced with the built-in table and a config override.
const TOKEN = "usage-cost-token-7a2b9c4d";
// usage.cost reads every session's transcript through the bus: on a CI machine running many suites at
// once that took over 20 s once, so the reads get a minute (speed is for `npm run bench`, not here).
const READ_TIMEOUT_MS = 60_000;

interface Totals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  totalTokens: number;
  totalCost: number;
  missingCostEntries: number;
}

describe("usage.cost and sessions.usage through the gateway", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let dir: string;
  const fake = new AnthropicFake();
  const procs: LaunchedCli[] = [];
  let client: ProtocolClient;

  async function send(sessionKey: string, text: string, id: string): Promise<void> {
    const ack = await client.request("chat.send", {
      sessionKey,
      message: text,
      idempotencyKey: id,
    });
    assert.equal(ack.ok, true, JSON.stringify(ack.error));
    const done = await client.request("agent.wait", { runId: id, timeoutMs: 30_000 });
    assert.equal((done.payload as { status: string }).status, "ok");
  }

  before(async () => {
    nats = await startNatsServer();
    dir = mkdtempSync(join(tmpdir(), "clawfleet-usage-"));
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        gateway: { mode: "local" },
        agents: {
          defaults: { model: { primary: "anthropic/claude-sonnet-4-6" } },
          list: [
            { id: "main", default: true },
            { id: "house", model: "anthropic/house-model" },
          ],
        },
        models: {
          providers: {
            anthropic: { models: [{ id: "house-model", cost: { input: 10, output: 100 } }] },
          },
        },
      }),
    );
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_GATEWAY_TOKEN: TOKEN,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: await fake.start(),
    };
    const gateway = launchCli(["gateway", "--port", "0"], env);
    procs.push(gateway, launchCli(["agents"], env));
    const line = await gateway.waitForLine(/listening on ws:\/\//, 15_000);
    await procs[1]!.waitReady();
    client = await connectClient(`ws://127.0.0.1:${/:(\d+) \(PID/.exec(line)![1]}`, {
      token: TOKEN,
    });
  });

  after(async () => {
    client?.close();
    await Promise.all(procs.map((p) => p.stop()));
    await fake.stop();
    await nats?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("totals, days, models and sessions equal the fake's counts; cost follows the table", async () => {
    fake.script.enqueue(
      llm.text("one", { usage: { input: 2000, output: 300, cacheRead: 5000, cacheWrite: 1000 } }),
      llm.text("two", { usage: { input: 1000, output: 100 } }),
    );
    await send("agent:main:main", "hello", "usage-run-1");
    await send("agent:house:main", "hello", "usage-run-2");
    const reply = await client.request("usage.cost", { days: 7 }, READ_TIMEOUT_MS);
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
    const cost = reply.payload as {
      totals: Totals;
      daily: (Totals & { date: string })[];
      byModel: (Totals & { model: string })[];
      byAgent: (Totals & { agentId: string })[];
      sessions: number;
    };
    const sonnet = (2000 * 3 + 300 * 15 + 5000 * 0.3 + 1000 * 3.75) / 1e6;
    const house = (1000 * 10 + 100 * 100) / 1e6;
    assert.deepEqual(cost.totals, {
      input: 3000,
      output: 400,
      cacheRead: 5000,
      cacheWrite: 1000,
      totalTokens: 9400,
      totalCost: Math.round((sonnet + house) * 1e6) / 1e6,
      missingCostEntries: 0,
    });
    assert.equal(cost.daily.length, 1);
    assert.equal(cost.daily[0]!.date, new Date().toISOString().slice(0, 10));
    assert.deepEqual(
      cost.byModel.map((m) => [m.model, m.totalCost]),
      [
        ["anthropic/claude-sonnet-4-6", Math.round(sonnet * 1e6) / 1e6],
        ["anthropic/house-model", house],
      ],
    );
    assert.deepEqual(
      cost.byAgent.map((a) => [a.agentId, a.input]),
      [
        ["house", 1000],
        ["main", 2000],
      ],
    );
    assert.equal(cost.sessions, 2);
    const perSession = await client.request("sessions.usage", {}, READ_TIMEOUT_MS);
    const rows = (perSession.payload as { sessions: { key: string; usage: Totals }[] }).sessions;
    assert.equal(rows.find((r) => r.key === "agent:house:main")!.usage.totalCost, house);
    assert.equal(rows.find((r) => r.key === "agent:main:main")!.usage.cacheRead, 5000);
  });

  it("bad input is refused naming the field", async () => {
    const days = await client.request("usage.cost", { days: 0 });
    assert.equal(days.ok, false);
    assert.match(days.error!.message, /days/);
    const date = await client.request("usage.cost", { startDate: "last week" });
    assert.equal(date.ok, false);
    assert.match(date.error!.message, /startDate/);
  });
});
