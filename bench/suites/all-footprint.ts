// `clawfleet all` on one small machine (issue 11, fly.one-machine.toml): RSS of the process and its
// embedded nats-server, idle and under 20 busy sessions, with the Node flags the Fly config uses.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectBus, Outbox, submitInput, type OutboxMessage } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { AnthropicFake, freePort, launchCli } from "@clawfleet/testkit";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";
import { treeRss } from "../lib/process-memory.js";
import { step } from "../lib/progress.js";
import { atMost, info, type BenchSuite } from "../lib/report.js";

/** Idle means settled: V8 returns the young generation grown during start-up only after ~30 s. */
const IDLE_MS = 30_000;
const SESSIONS = 20;
const TOKEN = "bench-token-0123456789abcdef";
const TURNS_PER_SESSION = 15;
const MODEL_LATENCY_MS = 200;
/** As fly.one-machine.toml's `all` process. */
const NODE_ARGS = ["--max-old-space-size=256"];

/** MB of the nats-server processes in a process tree's RSS. */
function nats(tree: ReturnType<typeof treeRss>): number {
  return tree.parts.filter((p) => p.name.startsWith("nats-server")).reduce((s, p) => s + p.mb, 0);
}

export const suite: BenchSuite = {
  name: "all-footprint",
  description: `\`all\` (${NODE_ARGS.join(" ")}, as fly.one-machine.toml) with its embedded nats-server: RSS after ${IDLE_MS / 1000} s idle, peak under ${SESSIONS} busy sessions (half chatting through the gateway, half as channel messages on the bus; ${TURNS_PER_SESSION} turns each, model ${MODEL_LATENCY_MS} ms), and ${IDLE_MS / 1000} s after. Budgets: idle ≤ 120 MB, busy ≤ 200 MB.`,
  async run() {
    const llm = new AnthropicFake({ latencyMs: MODEL_LATENCY_MS, recordRequests: false });
    const natsUrl = `nats://127.0.0.1:${await freePort()}`;
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-all-bench-"));
    writeFileSync(
      join(stateDir, "openclaw.json"),
      JSON.stringify({
        agents: {
          defaults: {
            model: "anthropic/claude-sonnet-4-6",
            maxConcurrent: SESSIONS,
            typingMode: "never",
          },
        },
        messages: { queue: { mode: "followup" } },
      }),
    );
    const all = launchCli(
      ["all", "--port", "0"],
      {
        NATS_URL: natsUrl,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_GATEWAY_TOKEN: TOKEN,
        ANTHROPIC_API_KEY: "sk-bench",
        ANTHROPIC_BASE_URL: await llm.start(),
        NODE_ENV: "production",
      },
      { nodeArgs: NODE_ARGS },
    );
    let recorder: NodeJS.Timeout | undefined;
    try {
      await all.waitReady(60_000);
      const readyAt = performance.now();
      const timeline: { s: number; total: number; nats: number }[] = [];
      recorder = setInterval(() => {
        const tree = treeRss(all.child.pid!);
        timeline.push({
          s: (performance.now() - readyAt) / 1000,
          total: tree.total,
          nats: nats(tree),
        });
      }, 1000);
      step(`ready; idle ${IDLE_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const idle = treeRss(all.child.pid!);
      if (!idle.parts.some((p) => p.name.startsWith("nats-server")))
        throw new Error(`no embedded nats-server under \`all\`: ${JSON.stringify(idle.parts)}`);

      const port = Number(
        /listening on ws:\/\/[^:]+:(\d+)/.exec(
          await all.waitForLine(/listening on ws:\/\//, 30_000),
        )![1],
      );
      // Half the sessions chat through the gateway as the Control UI does (chat events streamed
      // back), half arrive on the bus as channel messages do.
      const client = await connectClient(`ws://127.0.0.1:${port}`, { token: TOKEN });
      if (!client.hello.ok) throw new Error(`login refused: ${JSON.stringify(client.hello)}`);
      const bus = await connectBus({
        servers: natsUrl,
        name: "bench-driver",
        logger: silentLogger,
      });
      let peak = idle.total;
      let replies = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, treeRss(all.child.pid!).total);
      }, 200);
      try {
        const total = SESSIONS * TURNS_PER_SESSION;
        const busSessions = SESSIONS / 2;
        const busDone = new Promise<void>((resolve) =>
          bus.stream(Outbox).tap({}, (_reply: OutboxMessage) => {
            if (++replies === busSessions * TURNS_PER_SESSION) resolve();
          }),
        );
        const text = (s: number, t: number) =>
          `session ${s} turn ${t}: ${"some words of a longer message ".repeat(8)}`;
        step(`${SESSIONS} busy sessions, ${TURNS_PER_SESSION} turns each`);
        const started = performance.now();
        const chats = Array.from({ length: SESSIONS - busSessions }, async (_, c) => {
          for (let t = 0; t < TURNS_PER_SESSION; t++) {
            const runId = `all-bench-chat-${c}-${t}`;
            const ack = await client.request("chat.send", {
              sessionKey: `agent:main:bench-chat-${c}`,
              message: text(c, t),
              idempotencyKey: runId,
            });
            if (!ack.ok) throw new Error(`chat.send refused: ${JSON.stringify(ack)}`);
            await client.waitFor(
              (f) => f.event === "chat" && f.payload.runId === runId && f.payload.state === "final",
              60_000,
            );
          }
        });
        for (let t = 0; t < TURNS_PER_SESSION; t++)
          for (let s = 0; s < busSessions; s++) {
            await submitInput(bus, {
              id: `all-bench-${s}-${t}`,
              sessionKey: `agent:main:telegram:group:busy${s}`,
              agentId: "main",
              text: text(s, t),
              source: "channel",
              receivedAt: Date.now(),
              replyTarget: {
                channel: "telegram",
                accountId: "default",
                peer: { kind: "group", id: `busy${s}` },
              },
            });
          }
        await Promise.race([
          Promise.all([busDone, ...chats]),
          new Promise((_, reject) =>
            setTimeout(
              () => reject(new Error(`not every turn answered (bus: ${replies})`)),
              180_000,
            ),
          ),
        ]);
        const busyMs = performance.now() - started;
        clearInterval(sampler);
        const afterLoad = treeRss(all.child.pid!);
        step(`load done; idle ${IDLE_MS / 1000} s`);
        await new Promise((r) => setTimeout(r, IDLE_MS));
        const settled = treeRss(all.child.pid!);
        clearInterval(recorder);
        return {
          metrics: {
            "idle RSS, all + nats-server": atMost(idle.total, "MB", 120),
            "of which nats-server (idle)": info(nats(idle), "MB"),
            [`peak RSS under ${SESSIONS} busy sessions`]: atMost(peak, "MB", 200),
            "RSS right after the load": info(afterLoad.total, "MB"),
            [`RSS ${IDLE_MS / 1000} s after the load`]: info(settled.total, "MB"),
            "of which nats-server (after the load)": info(nats(settled), "MB"),
            "turns/s during the load": info(total / (busyMs / 1000), "turns/s"),
          },
          charts: [
            {
              kind: "line",
              title: `RSS of all + nats-server: ${IDLE_MS / 1000} s idle, ${SESSIONS} busy sessions, ${IDLE_MS / 1000} s idle`,
              xLabel: "seconds since ready",
              unit: "MB",
              series: [
                { name: "all + nats-server", points: timeline.map((p) => [p.s, p.total]) },
                { name: "nats-server", points: timeline.map((p) => [p.s, p.nats]) },
              ],
            },
          ],
          notes: [
            `processes: ${idle.parts.map((p) => `${p.name} ${p.mb.toFixed(1)} MB idle`).join(", ")}`,
          ],
        };
      } finally {
        clearInterval(sampler);
        client.close();
        await bus.close();
      }
    } finally {
      clearInterval(recorder);
      await all.stop();
      await llm.stop();
    }
  },
};
