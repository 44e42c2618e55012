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

// sessions.compact and chat.history's compaction marker with built processes: gateway → INBOX →
// agents → Anthropic fake, and the compaction entry read back from TRANSCRIPTS by the gateway.
const TOKEN = "compaction-rpc-token-5e1f0c2d";
const KEY = "agent:main:main";

describe("sessions.compact through the gateway", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let dir: string;
  const fake = new AnthropicFake();
  const procs: LaunchedCli[] = [];
  let client: ProtocolClient;

  async function send(text: string, id: string): Promise<void> {
    const ack = await client.request("chat.send", {
      sessionKey: KEY,
      message: text,
      idempotencyKey: id,
    });
    assert.equal(ack.ok, true, JSON.stringify(ack.error));
    const done = await client.request("agent.wait", { runId: id, timeoutMs: 30_000 });
    assert.equal((done.payload as { status: string }).status, "ok");
  }

  before(async () => {
    nats = await startNatsServer();
    dir = mkdtempSync(join(tmpdir(), "clawfleet-compact-"));
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({
        gateway: { mode: "local" },
        agents: {
          defaults: {
            model: { primary: "anthropic/claude-sonnet-4-6" },
            compaction: { keepRecentTokens: 10 },
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

  it("summarises older turns, answers OpenClaw's payload and chat.history shows the marker", async () => {
    await send("the launch is on May 4", "compact-run-1");
    await send("and the budget is 12k", "compact-run-2");
    fake.script.enqueue(llm.text("Launch May 4, budget 12k."));
    const reply = await client.request("sessions.compact", { key: KEY });
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
    const payload = reply.payload as {
      ok: boolean;
      key: string;
      compacted: boolean;
      result: { tokensBefore: number; tokensAfter: number };
    };
    assert.equal(payload.ok, true);
    assert.equal(payload.key, KEY);
    assert.equal(payload.compacted, true);
    assert.ok(payload.result.tokensBefore > 0 && payload.result.tokensAfter > 0);
    const history = await client.request("chat.history", { sessionKey: KEY });
    const messages = (history.payload as { messages: Record<string, unknown>[] }).messages;
    const marker = messages.find(
      (m) => (m["__openclaw"] as { kind?: string } | undefined)?.kind === "compaction",
    );
    assert.ok(marker, "chat.history carries the compaction marker");
    assert.equal(marker["role"], "system");
    assert.deepEqual(marker["content"], [{ type: "text", text: "Compaction" }]);
    assert.equal(
      (marker["__openclaw"] as { summary: string }).summary,
      "Launch May 4, budget 12k.",
    );
    await send("what was the budget?", "compact-run-3");
    assert.match(JSON.stringify(fake.requests.all().at(-1)!.messages), /Launch May 4, budget 12k/);
  });

  it("bad input is refused naming the field; nothing is compacted", async () => {
    const truncate = await client.request("sessions.compact", { key: KEY, maxLines: 5 });
    assert.equal(truncate.ok, false);
    assert.match(truncate.error!.message, /maxLines/);
    const unknown = await client.request("sessions.compact", { key: "agent:main:nobody" });
    assert.equal(unknown.ok, false);
    assert.match(unknown.error!.message, /key: no session/);
    const missing = await client.request("sessions.compact", {});
    assert.equal(missing.ok, false);
    assert.match(missing.error!.message, /key/);
  });
});
