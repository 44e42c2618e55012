// Issue 15's gateway figures against a built gateway process (with agents and channels on the same
// private nats-server): memory under oversized unauthenticated frames, wrong-token guesses with
// rotating forwarded headers, and a flood of `health` frames from one authenticated client.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchCli, startNatsServer, type LaunchedCli } from "@clawfleet/testkit";
import {
  connectClient,
  type Frame,
} from "../../services/gateway/src/test-support/protocol-client.js";
import { openRawWebSocket } from "../../services/gateway/src/test-support/raw-websocket.js";
import { rssMb } from "../lib/process-memory.js";
import { atMost, info, type BenchSuite, type Measurement } from "../lib/report.js";

const TOKEN = "abuse-bench-token-0123456789abcdef";
const BIG_SOCKETS = 10;
const FRAME_BYTES = 24 * 1024 * 1024;
const GUESSES = 200;
/** The gateway's wrong-token limit per address and minute. */
const GUESS_LIMIT = 10;
const HEALTH_FRAMES = 20_000;

const errorLines = (proc: LaunchedCli) =>
  proc.lines.filter((l) => /"level":"error"/.test(l)).length;

async function bigFrames(gateway: LaunchedCli, port: number): Promise<Record<string, Measurement>> {
  const pid = gateway.child.pid!;
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
  let cut = 0;
  try {
    await Promise.all(
      Array.from({ length: BIG_SOCKETS }, async () => {
        const { raw } = await openRawWebSocket(port);
        raw.sendFrameHeader(FRAME_BYTES);
        await raw.streamPayload(FRAME_BYTES);
        await Promise.race([raw.ended, new Promise((r) => setTimeout(r, 5000))]);
        if (raw.socket.destroyed || raw.socket.readableEnded) cut++;
        raw.socket.destroy();
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    clearInterval(sampler);
  }
  return {
    [`gateway RSS growth, ${BIG_SOCKETS} unauthenticated sockets × 24 MiB frames`]: atMost(
      peak - before,
      "MB",
      20,
    ),
    "unauthenticated sockets cut mid-frame": info(cut, `of ${BIG_SOCKETS}`),
  };
}

async function rotatingGuesses(port: number): Promise<Record<string, Measurement>> {
  let checked = 0;
  for (let i = 0; i < GUESSES; i++) {
    const client = await connectClient(`ws://127.0.0.1:${port}`, {
      token: `guess-${i}`,
      headers: {
        "x-forwarded-for": `203.0.113.${(i % 250) + 1}`,
        "fly-client-ip": `198.51.100.${(i % 250) + 1}`,
      },
    });
    if (client.hello.error?.details?.code === "AUTH_TOKEN_MISMATCH") checked++;
    client.close();
    await client.closed;
  }
  return {
    [`wrong-token guesses checked of ${GUESSES}, rotating X-Forwarded-For / Fly-Client-IP`]: atMost(
      checked,
      "guesses",
      GUESS_LIMIT,
    ),
  };
}

async function healthFlood(
  gateway: LaunchedCli,
  others: LaunchedCli[],
  port: number,
): Promise<Record<string, Measurement>> {
  const client = await connectClient(`ws://127.0.0.1:${port}`, { token: TOKEN });
  if (!client.hello.ok) throw new Error(`login refused: ${JSON.stringify(client.hello)}`);
  const errorsBefore = others.map(errorLines);
  const gatewayErrorsBefore = errorLines(gateway);
  const pid = gateway.child.pid!;
  const rssBefore = rssMb(pid);
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
  const started = performance.now();
  const responses = () =>
    client.frames.filter((f: Frame) => f.type === "res" && f.id?.startsWith("h"));
  try {
    for (let i = 0; i < HEALTH_FRAMES; i++) {
      client.sendRaw(JSON.stringify({ type: "req", id: `h${i}`, method: "health" }));
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    const deadline = Date.now() + 120_000;
    while (
      responses().length < HEALTH_FRAMES &&
      Date.now() < deadline &&
      client.ws.readyState === 1
    )
      await new Promise((r) => setTimeout(r, 200));
  } finally {
    clearInterval(sampler);
  }
  const elapsed = performance.now() - started;
  const all = responses();
  const ok = all.filter((f) => f.ok).length;
  const unavailable = all.filter((f) => f.error?.code === "UNAVAILABLE");
  const withRetry = unavailable.filter((f) => typeof f.error?.retryAfterMs === "number").length;
  const other = all.length - ok - unavailable.length;
  await new Promise((r) => setTimeout(r, 2000));
  const otherErrors = others.reduce((sum, p, i) => sum + errorLines(p) - errorsBefore[i]!, 0);
  client.close();
  return {
    [`health frames answered of ${HEALTH_FRAMES}`]: info(all.length, "frames"),
    "answered ok": info(ok, "frames"),
    "answered UNAVAILABLE": info(unavailable.length, "frames"),
    "UNAVAILABLE without retryAfterMs": atMost(unavailable.length - withRetry, "frames", 0),
    "answered with another error": atMost(other, "frames", 0),
    "time to answer the flood": info(elapsed, "ms"),
    "gateway RSS growth during the flood": info(peak - rssBefore, "MB"),
    "error log lines, agents + channels, during the flood": atMost(otherErrors, "lines", 0),
    "error log lines, gateway, during the flood": info(
      errorLines(gateway) - gatewayErrorsBefore,
      "lines",
    ),
  };
}

export const suite: BenchSuite = {
  name: "gateway-abuse",
  description: `A built gateway with agents and channels on a private nats-server: RSS growth with ${BIG_SOCKETS} unauthenticated sockets each sending a 24 MiB frame (≤ +20 MB); wrong-token guesses checked out of ${GUESSES} with rotating forwarded headers and no trusted proxy (≤ ${GUESS_LIMIT}); ${HEALTH_FRAMES} \`health\` frames from one client (every one answered, ok or UNAVAILABLE with retryAfterMs; no error lines in the other services).`,
  async run() {
    const nats = await startNatsServer();
    const procs: LaunchedCli[] = [];
    try {
      const env = {
        NATS_URL: nats.url,
        OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-abuse-")),
        OPENCLAW_GATEWAY_TOKEN: TOKEN,
        NODE_ENV: "production",
      };
      const gateway = launchCli(["gateway", "--allow-unconfigured", "--port", "0"], env);
      procs.push(gateway);
      await gateway.waitReady(60_000);
      const others = [launchCli(["agents"], env), launchCli(["channels"], env)];
      procs.push(...others);
      await Promise.all(others.map((p) => p.waitReady(60_000)));
      const port = Number(
        /listening on ws:\/\/[^:]+:(\d+)/.exec(
          await gateway.waitForLine(/listening on ws:\/\//, 30_000),
        )![1],
      );
      await new Promise((r) => setTimeout(r, 5000));
      const metrics = {
        ...(await bigFrames(gateway, port)),
        ...(await healthFlood(gateway, others, port)),
        // Last: the guesses lock this address out for a minute.
        ...(await rotatingGuesses(port)),
      };
      return { metrics };
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      await nats.dispose();
    }
  },
};
