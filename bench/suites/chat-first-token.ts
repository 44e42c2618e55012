import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AnthropicFake,
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";
import { step } from "../lib/progress.js";
import { atMost, info, type BenchSuite, type Measurement } from "../lib/report.js";

const TOKEN = "bench-first-token-7f3a9c1e5b";
const TURNS = 20;

/**
 * A pass-through HTTP proxy in front of the model fake that stamps (in this process's clock)
 * when the first streamed text frame of each answer leaves for the agents worker.
 */
function startStampingProxy(
  target: string,
  stamps: number[],
): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        let stamped = false;
        answer.on("data", (chunk: Buffer) => {
          res.write(chunk);
          if (!stamped && chunk.includes("text_delta")) {
            stamped = true;
            stamps.push(performance.now());
          }
        });
        answer.on("end", () => res.end());
      },
    );
    req.pipe(forward);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}`, server });
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** How soon a web chat sees the model's first token: gateway + agents worker processes, a real WebSocket client. */
export const suite: BenchSuite = {
  name: "chat-first-token",
  description: `Web chat's first token: the time from the model fake sending its first text frame to the gateway's first chat delta reaching a WebSocket client (gateway and agents as processes on a private nats-server, ${TURNS} turns, the fake streaming a frame every 40 ms). Target: p50 ≤ 15 ms.`,
  async run() {
    const metrics: Record<string, Measurement> = {};
    const nats: NatsTestServer = await startNatsServer();
    const fake = new AnthropicFake({ chunkDelayMs: 40, recordRequests: false });
    const stamps: number[] = [];
    const proxy = await startStampingProxy(await fake.start(), stamps);
    const dir = mkdtempSync(join(tmpdir(), "clawfleet-bench-ui-"));
    const config = {
      gateway: { mode: "local" },
      agents: {
        defaults: { model: { primary: "anthropic/claude-sonnet-4-5" }, typingMode: "never" },
        list: [{ id: "main", default: true }],
      },
    };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_GATEWAY_TOKEN: TOKEN,
      ANTHROPIC_API_KEY: "sk-ant-bench",
      ANTHROPIC_BASE_URL: proxy.url,
      NODE_ENV: "production",
    };
    const processes: LaunchedCli[] = [];
    try {
      const gateway = launchCli(["gateway", "--port", "0"], env);
      processes.push(gateway);
      const line = await gateway.waitForLine(/listening on ws:\/\//, 20_000);
      const port = /:(\d+) \(PID/.exec(line)![1];
      const agents = launchCli(["agents"], env);
      processes.push(agents);
      await agents.waitReady(20_000);
      const client = await connectClient(`ws://127.0.0.1:${port}`, { token: TOKEN });
      step(`${TURNS + 2} chat turns through the gateway`);
      const afterToken: number[] = [];
      const afterSend: number[] = [];
      for (let i = 0; i < TURNS + 2; i++) {
        const before = stamps.length;
        const sentAt = performance.now();
        const ack = await client.request("chat.send", {
          sessionKey: `agent:main:bench-${i}`,
          message: `first token check number ${i} with a few more words to stream`,
          idempotencyKey: `bench-first-token-${i}-${Date.now()}`,
        });
        const runId = (ack.payload as { runId: string }).runId;
        await client.waitFor(
          (f) => f.event === "chat" && f.payload?.runId === runId && f.payload?.state === "delta",
          20_000,
        );
        const seenAt = performance.now();
        await client.waitFor(
          (f) => f.event === "chat" && f.payload?.runId === runId && f.payload?.state === "final",
          20_000,
        );
        if (i < 2 || stamps.length <= before) continue; // warm-up turns
        afterToken.push(seenAt - stamps[before]!);
        afterSend.push(seenAt - sentAt);
      }
      client.close();
      afterToken.sort((a, b) => a - b);
      afterSend.sort((a, b) => a - b);
      metrics["model's first token → chat delta at the client, p50"] = atMost(
        percentile(afterToken, 50),
        "ms",
        15,
      );
      metrics["model's first token → chat delta at the client, p90"] = info(
        percentile(afterToken, 90),
        "ms",
      );
      metrics["chat.send → first chat delta, p50 (includes the model call)"] = info(
        percentile(afterSend, 50),
        "ms",
      );
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      proxy.server.close();
      await fake.stop();
      await nats.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      metrics,
      notes: [
        "The first text delta of a run is published at once; later deltas are coalesced per 50 ms (DELTA_FLUSH_MS) so a long reply costs a fraction of the messages.",
      ],
    };
  },
};
