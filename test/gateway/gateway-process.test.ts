import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import {
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";
import { startStreamingAgent } from "./support/streaming-agent.js";

const TOKEN = "gw-process-token-7f3a9c21d4e8";
let nats: NatsTestServer;
let bus: Bus;
const dirs: string[] = [];

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
});
after(async () => {
  await bus.close();
  await nats.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-gwp-"));
  dirs.push(dir);
  return dir;
}

function messages(proc: LaunchedCli): string[] {
  return proc.lines.flatMap((line) => {
    try {
      return [String(JSON.parse(line).msg)];
    } catch {
      return [line];
    }
  });
}

async function listeningPort(proc: LaunchedCli): Promise<number> {
  const line = await proc.waitForLine(/listening on ws:\/\//, 15_000);
  return Number(/:(\d+) \(PID \d+\)/.exec(line)![1]);
}

describe("the gateway process", () => {
  it("starts with the seed's command, prints the listening line and serves health on the main port over IPv4 and IPv6", async () => {
    const proc = launchCli(["gateway", "--allow-unconfigured", "--port", "0", "--bind", "lan"], {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: stateDir(),
      OPENCLAW_GATEWAY_TOKEN: TOKEN,
    });
    try {
      const port = await listeningPort(proc);
      const line = messages(proc).find((m) => m.includes("listening on"))!;
      assert.match(
        line,
        new RegExp(
          `^\\[gateway\\] listening on ws://0\\.0\\.0\\.0:${port} \\(PID ${proc.child.pid}\\)$`,
        ),
      );
      for (const host of ["127.0.0.1", "[::1]"]) {
        const live = await fetch(`http://${host}:${port}/healthz`);
        assert.deepEqual(await live.json(), { ok: true, status: "live" });
      }
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
      await proc.waitReady();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.deepEqual(await ready.json(), { ready: true });
      assert.equal((await fetch(`http://127.0.0.1:${port}/ready`)).status, 200);
    } finally {
      await proc.stop();
    }
  });

  it("refuses --bind lan without a token before touching NATS, naming the fix, and exits non-zero", async () => {
    const proc = launchCli(["gateway", "--allow-unconfigured", "--port", "0", "--bind", "lan"], {
      NATS_URL: "nats://127.0.0.1:1",
      OPENCLAW_STATE_DIR: stateDir(),
    });
    const { code } = await proc.exited;
    assert.equal(code, 1);
    const fatal = messages(proc).find((m) => /refusing to bind/.test(m));
    assert.ok(fatal, proc.lines.join("\n"));
    assert.ok(
      fatal.includes("fly secrets set OPENCLAW_GATEWAY_TOKEN=$(openssl rand -hex 32)"),
      fatal,
    );
    assert.ok(
      !messages(proc).some((m) => /connecting to NATS/.test(m)),
      "fails before connecting to NATS",
    );
  });

  it("refuses to start without a config unless --allow-unconfigured, saying what to do", async () => {
    const dir = stateDir();
    const proc = launchCli(["gateway", "--port", "0"], {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_GATEWAY_TOKEN: TOKEN,
    });
    assert.equal((await proc.exited).code, 1);
    assert.ok(
      messages(proc).some(
        (m) =>
          m.includes(`no config at ${join(dir, "openclaw.json")}`) &&
          m.includes("--allow-unconfigured"),
      ),
      proc.lines.join("\n"),
    );
    assert.deepEqual(readdirSync(dir), [], "nothing written, no lock file");
  });

  it("speaks the protocol end to end: handshake, wrong token, unknown method, streamed chat, stale config.patch, shutdown on SIGTERM", async () => {
    const dir = stateDir();
    const agent = startStreamingAgent(bus, { delayMs: 30 });
    const proc = launchCli(["gateway", "--allow-unconfigured", "--port", "0"], {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_GATEWAY_TOKEN: TOKEN,
    });
    try {
      const url = `ws://127.0.0.1:${await listeningPort(proc)}`;
      const wrong = await connectClient(url, { token: "not-the-token" });
      assert.equal(wrong.hello.error!.code, "INVALID_REQUEST");
      assert.equal(wrong.hello.error!.details.code, "AUTH_TOKEN_MISMATCH");
      assert.equal((await wrong.closed).code, 1008);

      const client = await connectClient(url, { token: TOKEN, scopes: ["operator.admin"] });
      assert.equal(client.hello.payload.type, "hello-ok");
      assert.equal(client.hello.payload.snapshot.sessionDefaults.mainSessionKey, "agent:main:main");
      for (const method of [
        "health",
        "status",
        "chat.send",
        "chat.abort",
        "agent",
        "agent.wait",
        "send",
        "config.get",
        "config.patch",
        "config.schema",
        "sessions.list",
        "logs.tail",
        "voicecall.initiate",
      ]) {
        assert.ok(client.hello.payload.features.methods.includes(method), `advertises ${method}`);
      }
      assert.deepEqual((await client.request("no.such.method")).error, {
        code: "INVALID_REQUEST",
        message: "unknown method: no.such.method",
      });

      const ack = await client.request("chat.send", {
        sessionKey: "agent:main:main",
        message: "stream this back to me",
        idempotencyKey: "e2e-1",
      });
      assert.deepEqual([ack.payload.runId, ack.payload.status], ["e2e-1", "started"]);
      const final = await client.waitFor(
        (f) => f.event === "chat" && f.payload.runId === "e2e-1" && f.payload.state === "final",
      );
      const deltas = client
        .events("chat")
        .filter((f) => f.payload.runId === "e2e-1" && f.payload.state === "delta");
      assert.ok(deltas.length >= 3, `streamed in ${deltas.length} deltas`);
      assert.equal(deltas.map((d) => d.payload.deltaText).join(""), "echo: stream this back to me");
      assert.equal(final.payload.message.content[0].text, "echo: stream this back to me");

      const config = await client.request("config.get");
      assert.equal(config.payload.valid, true);
      const patched = await client.request("config.patch", {
        raw: "{ agents: { defaults: { maxConcurrent: 2 } } }",
        baseHash: config.payload.hash,
      });
      assert.equal(patched.ok, true, JSON.stringify(patched));
      const stale = await client.request("config.patch", {
        raw: "{ agents: { defaults: { maxConcurrent: 3 } } }",
        baseHash: config.payload.hash,
      });
      assert.equal(stale.ok, false);
      assert.equal(stale.error!.code, "INVALID_REQUEST");
      assert.equal(stale.error!.details.code, "CONFIG_STALE");
      assert.match(readFileSync(join(dir, "openclaw.json"), "utf8"), /"maxConcurrent": 2/);

      const shutdown = client.waitFor((f) => f.event === "shutdown");
      const exited = proc.stop("SIGTERM");
      assert.equal((await shutdown).payload.reason, "gateway stopping");
      assert.equal((await client.closed).code, 1012);
      assert.equal((await exited).code, 0);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f !== "openclaw.json"),
        [],
        "no lock or temp files left",
      );
      for (const line of proc.lines) assert.ok(!line.includes(TOKEN), `token leaked in: ${line}`);
    } finally {
      await agent.stop();
      await proc.stop("SIGKILL");
    }
  });
});
