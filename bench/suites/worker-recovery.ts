// Time from kill -9 of an agents worker running turns to the first reply of one of its sessions
// (issue 15 item 6: ≤ 5 s), with exactly-once and order checked; and the bus traffic of an idle cluster.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  connectBus,
  Outbox,
  provision,
  provisionPlan,
  submitInput,
  type Bus,
  type OutboxMessage,
} from "@clawfleet/bus";
import { ConfigStore, type OpenClawConfigInput } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import { AnthropicFake, launchCli, llm, startNatsServer } from "@clawfleet/testkit";
import { step } from "../lib/progress.js";
import { atMost, info, type BenchSuite } from "../lib/report.js";

const RUNS = 5;
const SESSIONS = 4;
const INPUTS_PER_SESSION = 3;

async function useConfig(bus: Bus): Promise<void> {
  const config: OpenClawConfigInput = {
    agents: { defaults: { model: "anthropic/recovery", maxConcurrent: 8, typingMode: "never" } },
    messages: { queue: { mode: "followup" } },
  };
  await (
    await ConfigStore.open(bus)
  ).publish({
    raw: JSON.stringify(config),
    hash: `bench${Math.random()}`,
    document: config,
    file: "bench",
    updatedAt: Date.now(),
    updatedBy: "bench",
  });
}

function input(sessionKey: string, text: string, n: number) {
  return {
    id: `recovery-${sessionKey}-${n}-${Date.now()}`,
    sessionKey,
    agentId: "main",
    text,
    source: "channel" as const,
    receivedAt: Date.now(),
    replyTarget: {
      channel: "telegram",
      accountId: "default",
      peer: { kind: "group" as const, id: sessionKey.split(":").at(-1)! },
    },
  };
}

async function until(
  check: () => boolean,
  timeoutMs: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`${typeof what === "string" ? what : what()} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One run: ms from the kill to the first orphaned reply; throws when a reply is lost, doubled or out of order. */
async function oneRun(run: number): Promise<{ recoveryMs: number; idleMsgsPerS?: number }> {
  const nats = await startNatsServer(process.env, { monitor: true });
  const bus = await connectBus({ servers: nats.url, name: "bench-driver", logger: silentLogger });
  const fake = new AnthropicFake({ recordRequests: true });
  const workers: ReturnType<typeof launchCli>[] = [];
  try {
    await provision(bus, provisionPlan, silentLogger);
    await fake.start();
    await useConfig(bus);
    const replies: OutboxMessage[] = [];
    let firstReplyAt = 0;
    bus.stream(Outbox).tap({}, (reply: OutboxMessage) => {
      replies.push(reply);
      firstReplyAt ||= performance.now();
    });
    const env = {
      NATS_URL: nats.url,
      OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-recovery-")),
      ANTHROPIC_API_KEY: "sk-bench",
      ANTHROPIC_BASE_URL: fake.baseURL,
      NODE_ENV: "production",
    };
    const victim = launchCli(["agents"], env);
    workers.push(victim);
    await victim.waitReady(20_000);
    // The victim's turns hang; the survivor's are answered at once (echo).
    for (let i = 0; i < SESSIONS; i++)
      fake.script.enqueue(llm.delay(120_000, llm.text("the killed worker never sends this")));
    const keys = Array.from(
      { length: SESSIONS },
      (_, i) => `agent:main:telegram:group:r${run}s${i}`,
    );
    for (const [s, key] of keys.entries())
      await submitInput(bus, input(key, `run ${run} session ${s} input 0`, 0));
    await until(
      () => fake.requests.all().length >= SESSIONS,
      20_000,
      "victim running every session",
    );
    for (const [s, key] of keys.entries())
      for (let n = 1; n < INPUTS_PER_SESSION; n++)
        await submitInput(bus, input(key, `run ${run} session ${s} input ${n}`, n));
    const survivor = launchCli(["agents"], env);
    workers.push(survivor);
    await survivor.waitReady(20_000);

    let idleMsgsPerS: number | undefined;
    const killedAt = performance.now();
    victim.child.kill("SIGKILL");
    await until(() => firstReplyAt > 0, 120_000, "first orphaned reply");
    const recoveryMs = firstReplyAt - killedAt;
    const total = SESSIONS * INPUTS_PER_SESSION;
    await until(
      () => replies.length >= total,
      60_000,
      () => `every input answered (have ${replies.length})`,
    );
    await new Promise((r) => setTimeout(r, 2000));
    if (replies.length !== total)
      throw new Error(`exactly once broken: ${replies.length} replies for ${total} inputs`);
    for (const [s, key] of keys.entries()) {
      const texts = replies.filter((r) => r.sessionKey === key).map((r) => r.text);
      texts.forEach((text, n) => {
        if (!text.includes(`session ${s} input ${n}`))
          throw new Error(`order broken in ${key}: reply ${n} is ${JSON.stringify(text)}`);
      });
    }
    if (run === 0 && nats.monitorUrl) idleMsgsPerS = await idleTraffic(nats.monitorUrl);
    return idleMsgsPerS === undefined ? { recoveryMs } : { recoveryMs, idleMsgsPerS };
  } finally {
    await Promise.all(workers.map((w) => w.stop("SIGKILL")));
    await bus.close();
    await fake.stop();
    await nats.dispose();
  }
}

/** Messages per second clients sent to the server (every subject, JetStream API included), from /varz. */
async function idleTraffic(monitorUrl: string): Promise<number> {
  const inMsgs = async () =>
    ((await (await fetch(`${monitorUrl}/varz`)).json()) as { in_msgs: number }).in_msgs;
  const before = await inMsgs();
  await new Promise((r) => setTimeout(r, 10_000));
  return ((await inMsgs()) - before) / 10;
}

export const suite: BenchSuite = {
  name: "worker-recovery",
  description: `kill -9 of an agents worker mid-turn (${SESSIONS} sessions × ${INPUTS_PER_SESSION} inputs): time to the first orphaned reply, median of ${RUNS}`,
  async run() {
    const times: number[] = [];
    let idle = 0;
    for (let run = 0; run < RUNS; run++) {
      step(`kill ${run + 1} of ${RUNS}`);
      const result = await oneRun(run);
      times.push(result.recoveryMs);
      if (result.idleMsgsPerS !== undefined) idle = result.idleMsgsPerS;
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      metrics: {
        "kill -9 → first orphaned reply (median of 5)": atMost(
          sorted[Math.floor(RUNS / 2)]!,
          "ms",
          5000,
        ),
        "kill -9 → first orphaned reply (worst of 5)": info(sorted.at(-1)!, "ms"),
        "idle bus traffic, one agents worker + this driver (client msgs to the server)": info(
          idle,
          "msg/s",
        ),
      },
      notes: [
        `runs (ms): ${times.map((t) => Math.round(t)).join(", ")}; every run: each input answered exactly once, in order`,
      ],
    };
  },
};
