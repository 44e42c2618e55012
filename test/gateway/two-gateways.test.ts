import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import {
  connectClient,
  type Frame,
  type ProtocolClient,
} from "../../services/gateway/src/test-support/protocol-client.js";
import { startStreamingAgent, type StreamingAgent } from "./support/streaming-agent.js";

const TOKEN = "two-gateways-token-5d1e9a7c";
const CONFIG = '{ gateway: { mode: "local" }, agents: { defaults: { maxConcurrent: 4 } } }\n';

let nats: NatsTestServer;
let bus: Bus;
let agent: StreamingAgent;
const dirs: string[] = [];
const procs: LaunchedCli[] = [];
const clients: ProtocolClient[] = [];

function stateDir(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "clawfleet-gw2-"));
  dirs.push(dir);
  if (config !== undefined) writeFileSync(join(dir, "openclaw.json"), config);
  return dir;
}

/** A gateway process like a Fly machine of the gateway group: its own state dir, the shared bus. */
async function startGateway(dir: string): Promise<{ proc: LaunchedCli; client: ProtocolClient }> {
  const proc = launchCli(["gateway", "--allow-unconfigured", "--port", "0"], {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_GATEWAY_TOKEN: TOKEN,
  });
  procs.push(proc);
  const line = await proc.waitForLine(/listening on ws:\/\//, 20_000);
  const client = await connectClient(`ws://127.0.0.1:${/:(\d+) \(PID/.exec(line)![1]}`, {
    token: TOKEN,
  });
  clients.push(client);
  return { proc, client };
}

async function until<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const chatOf = (runId: string, state: string) => (f: Frame) =>
  f.event === "chat" && f.payload.runId === runId && f.payload.state === state;

let a: { proc: LaunchedCli; client: ProtocolClient };
let b: { proc: LaunchedCli; client: ProtocolClient };
let aDir: string;
let bDir: string;

before(async () => {
  nats = await startNatsServer();
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  agent = startStreamingAgent(bus, { delayMs: 150 });
  aDir = stateDir(CONFIG);
  a = await startGateway(aDir);
  // The second gateway starts with an empty volume: it takes the config from the bus.
  bDir = stateDir();
  b = await startGateway(bDir);
});
after(async () => {
  for (const client of clients) client.close();
  await Promise.all(procs.map((proc) => proc.stop()));
  await agent.stop();
  await bus.close();
  await nats.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("two gateway processes on one bus", () => {
  it("serve one config: an edit through either is visible through the other", async (t) => {
    const first = await a.client.request("config.get");
    assert.equal(first.payload.hash, (await b.client.request("config.get")).payload.hash);
    assert.equal(readFileSync(join(bDir, "openclaw.json"), "utf8"), CONFIG, "mirrored to b's file");

    let started = Date.now();
    const viaA = await a.client.request("config.patch", {
      raw: "{ agents: { defaults: { maxConcurrent: 6 } } }",
      baseHash: first.payload.hash,
    });
    assert.equal(viaA.ok, true, JSON.stringify(viaA));
    await until(async () => {
      const seen = await b.client.request("config.get");
      return seen.payload.hash === viaA.payload.hash && seen.payload.mirror.synced;
    });
    const aToB = Date.now() - started;

    started = Date.now();
    const viaB = await b.client.request("config.patch", {
      raw: "{ agents: { defaults: { maxConcurrent: 7 } } }",
      baseHash: viaA.payload.hash,
    });
    assert.equal(viaB.ok, true, JSON.stringify(viaB));
    await until(
      async () => (await a.client.request("config.get")).payload.hash === viaB.payload.hash,
    );
    const bToA = Date.now() - started;

    // An edit of a's file over SSH reaches b too.
    started = Date.now();
    const byHand = '{ gateway: { mode: "local" }, agents: { defaults: { maxConcurrent: 5 } } }\n';
    writeFileSync(join(aDir, "openclaw.json"), byHand);
    await until(async () => (await b.client.request("config.get")).payload.raw === byHand);
    const fileToB = Date.now() - started;
    t.diagnostic(
      `config edit visible through the other gateway: a→b ${aToB} ms, b→a ${bToA} ms, a's file→b ${fileToB} ms`,
    );

    // An edit made from an older revision (what the loser of a race holds) gets a clear conflict.
    const stale = await a.client.request("config.patch", {
      raw: "{ agents: { defaults: { maxConcurrent: 8 } } }",
      baseHash: viaA.payload.hash,
    });
    assert.equal(stale.ok, false);
    assert.equal(stale.error!.details.code, "CONFIG_STALE");
    await until(
      () =>
        existsSync(join(bDir, "openclaw.json")) &&
        readFileSync(join(bDir, "openclaw.json"), "utf8") === byHand,
    );
  });

  it("a chat started on one gateway streams to a client of the other, which can abort it", async () => {
    const ack = await a.client.request("chat.send", {
      sessionKey: "agent:main:cross",
      message: "one two three",
      idempotencyKey: "cross-1",
    });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const final = await b.client.waitFor(chatOf("cross-1", "final"), 15_000);
    const deltas = b.client.events("chat").filter(chatOf("cross-1", "delta"));
    assert.ok(deltas.length >= 2, "streamed in deltas");
    assert.equal(final.payload.message.content[0].text, "echo: one two three");

    const long = await a.client.request("chat.send", {
      sessionKey: "agent:main:stop",
      message: "a long answer that takes a while to stream out word by word",
      idempotencyKey: "cross-2",
    });
    assert.equal(long.ok, true);
    await b.client.waitFor(chatOf("cross-2", "delta"), 15_000);
    const abort = await b.client.request("chat.abort", { sessionKey: "agent:main:stop" });
    assert.equal(abort.payload.ok, true);
    assert.equal(abort.payload.aborted, true, "b knows the run a started");
    assert.deepEqual(abort.payload.runIds, ["cross-2"]);
    await a.client.waitFor(chatOf("cross-2", "aborted"), 15_000);
    await b.client.waitFor(chatOf("cross-2", "aborted"), 15_000);
    assert.equal(
      a.client.events("chat").some(chatOf("cross-2", "final")),
      false,
      "stopped before its end",
    );
  });

  it("killing one leaves the other serving chats and config", async () => {
    await a.proc.stop("SIGKILL");
    const ack = await b.client.request("chat.send", {
      sessionKey: "agent:main:after",
      message: "still here",
      idempotencyKey: "after-kill",
    });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const final = await b.client.waitFor(chatOf("after-kill", "final"), 15_000);
    assert.equal(final.payload.message.content[0].text, "echo: still here");
    const view = await b.client.request("config.get");
    const edited = await b.client.request("config.patch", {
      raw: "{ agents: { defaults: { maxConcurrent: 9 } } }",
      baseHash: view.payload.hash,
    });
    assert.equal(edited.ok, true, JSON.stringify(edited));
  });
});
