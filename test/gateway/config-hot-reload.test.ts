import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { configHash } from "@clawfleet/config";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import {
  connectClient,
  type ProtocolClient,
} from "../../services/gateway/src/test-support/protocol-client.js";

const TOKEN = "hot-reload-token-31c0ffee";
const configWith = (model: string, extra: object = {}) =>
  `${JSON.stringify({ gateway: { mode: "local" }, agents: { defaults: { model: { primary: model } } }, ...extra }, null, 2)}\n`;

let nats: NatsTestServer;
let fake: AnthropicFake;
let dir: string;
let file: string;
let env: Record<string, string>;
let gateway: LaunchedCli;
let agents: LaunchedCli;
let client: ProtocolClient;

async function startGateway(): Promise<ProtocolClient> {
  gateway = launchCli(["gateway", "--port", "0"], env);
  const line = await gateway.waitForLine(/listening on ws:\/\//, 15_000);
  return connectClient(`ws://127.0.0.1:${/:(\d+) \(PID/.exec(line)![1]}`, { token: TOKEN });
}

before(async () => {
  nats = await startNatsServer();
  fake = new AnthropicFake();
  dir = mkdtempSync(join(tmpdir(), "clawfleet-reload-"));
  file = join(dir, "openclaw.json");
  writeFileSync(file, configWith("anthropic/claude-sonnet-4-5"));
  env = {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_GATEWAY_TOKEN: TOKEN,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: await fake.start(),
  };
  client = await startGateway();
  agents = launchCli(["agents"], env);
  await agents.waitReady();
});
after(async () => {
  client.close();
  await Promise.all([agents.stop(), gateway.stop()]);
  await fake.stop();
  await nats.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function appliedAt(proc: LaunchedCli, hash: string): number | undefined {
  const line = proc.lines.find((l) => l.includes(`applied config ${hash.slice(0, 12)}`));
  return line ? (JSON.parse(line) as { ts: number }).ts : undefined;
}

async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("editing openclaw.json on disk", () => {
  it("changes the running agents' behaviour without restarting them", async (t) => {
    const pid = agents.child.pid;
    const first = await client.request("chat.send", {
      sessionKey: "agent:main:main",
      message: "before",
      idempotencyKey: "hot-1",
    });
    assert.equal(first.ok, true);
    await until(() => fake.requests.all().find((r) => r.model === "claude-sonnet-4-5"));

    const text = configWith("anthropic/claude-opus-4-5");
    const written = Date.now();
    writeFileSync(file, text);
    const applied = await until(() => appliedAt(agents, configHash(text)));
    const tookMs = applied - written;
    t.diagnostic(`the agents applied the edit ${tookMs} ms after the write`);

    await client.request("chat.send", {
      sessionKey: "agent:main:main",
      message: "after",
      idempotencyKey: "hot-2",
    });
    const request = await until(() =>
      fake.requests.all().find((r) => JSON.stringify(r).includes("after")),
    );
    assert.equal(request.model, "claude-opus-4-5", "the next turn uses the new model");
    assert.equal(agents.child.pid, pid);
    assert.equal(agents.child.exitCode, null, "same agents process");
  });

  it("rejects an invalid edit with path-precise errors; the agents keep the running config", async () => {
    const bad = configWith("anthropic/claude-opus-4-5", {
      session: { dmScope: "everyone" },
      gateway: { mode: "local", port: "x" },
    });
    writeFileSync(file, bad);
    const line = await gateway.waitForLine(/rejected .*openclaw\.json/, 10_000);
    const msg = JSON.parse(line).msg as string;
    assert.match(msg, /^- session\.dmScope: /m);
    assert.match(msg, /^- gateway\.port: /m);
    // config.get shows the config on the bus (still the last good one) and, apart, the refused file.
    const view = await client.request("config.get");
    assert.equal(view.payload.valid, true);
    assert.equal(view.payload.hash, configHash(configWith("anthropic/claude-opus-4-5")));
    assert.equal(view.payload.mirror.valid, false);
    assert.equal(view.payload.mirror.synced, false);
    assert.deepEqual(view.payload.mirror.issues.map((i: { path: string }) => i.path).sort(), [
      "gateway.port",
      "session.dmScope",
    ]);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(appliedAt(agents, configHash(bad)), undefined, "never applied");
    await client.request("chat.send", {
      sessionKey: "agent:main:main",
      message: "still fine",
      idempotencyKey: "hot-3",
    });
    const request = await until(() =>
      fake.requests.all().find((r) => JSON.stringify(r).includes("still fine")),
    );
    assert.equal(request.model, "claude-opus-4-5");
  });

  it("survives a gateway restart: the file is what is served and applied, nothing left behind blocks the start", async () => {
    const good = configWith("anthropic/claude-sonnet-4-5", {
      meta: { lastTouchedVersion: "restart-test" },
    });
    writeFileSync(file, good);
    await until(() => appliedAt(agents, configHash(good)));
    client.close();
    assert.equal((await gateway.stop()).code, 0);
    client = await startGateway();
    const view = await client.request("config.get");
    assert.equal(view.payload.raw, good);
    assert.equal(view.payload.applied, true);
    assert.equal(readFileSync(file, "utf8"), good);
  });
});
