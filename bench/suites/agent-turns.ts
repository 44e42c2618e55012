import { mkdtempSync, readFileSync } from "node:fs";
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
import { AnthropicFake, launchCli, startNatsServer, type LaunchedCli } from "@clawfleet/testkit";
import { step } from "../lib/progress.js";
import { atLeast, atMost, info, type BenchSuite, type Measurement } from "../lib/report.js";

/** CPU time (user + system) a process has used, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Slots per worker for the throughput runs (agents.defaults.maxConcurrent). */
const SLOTS = 16;

/** The bus a rig runs on: one nats-server, or a cluster (its URL list, its first node's pid). */
interface RigServer {
  url: string;
  pid?: number | undefined;
  dispose(): Promise<void>;
}

interface Rig {
  nats: RigServer;
  bus: Bus;
  fake: AnthropicFake;
  workers: LaunchedCli[];
  /** Resolves when the reply with this session key arrives; records arrival times. */
  replies: Map<string, number>;
  onReply: Set<(sessionKey: string) => void>;
}

async function startRig(
  latencyMs: number,
  workers: number,
  slots: number,
  server: () => Promise<RigServer> = () => startNatsServer(),
  replicas = 1,
): Promise<Rig> {
  const nats = await server();
  const bus = await connectBus({ servers: nats.url, name: "bench-driver", logger: silentLogger });
  await provision(bus, provisionPlan, silentLogger, { replicas });
  const fake = new AnthropicFake({ latencyMs, recordRequests: false });
  await fake.start();
  const config: OpenClawConfigInput = {
    agents: {
      defaults: { model: "anthropic/claude-sonnet-4-6", maxConcurrent: slots, typingMode: "never" },
    },
    messages: { queue: { mode: "followup" } },
  };
  await (
    await ConfigStore.open(bus)
  ).publish({
    raw: JSON.stringify(config),
    hash: "bench",
    document: config,
    file: "bench",
    updatedAt: Date.now(),
    updatedBy: "bench",
  });
  const rig: Rig = { nats, bus, fake, workers: [], replies: new Map(), onReply: new Set() };
  bus.stream(Outbox).tap({}, (reply: OutboxMessage) => {
    if (rig.replies.has(reply.id)) return;
    rig.replies.set(reply.id, performance.now());
    for (const listener of rig.onReply) listener(reply.sessionKey ?? "");
  });
  const env = {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-bench-")),
    ANTHROPIC_API_KEY: "sk-bench",
    ANTHROPIC_BASE_URL: fake.baseURL,
    NODE_ENV: "production",
  };
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean);
  for (let i = 0; i < workers; i++) rig.workers.push(launchCli(["agents"], env, { nodeArgs }));
  await Promise.all(rig.workers.map((w) => w.waitReady(60_000)));
  return rig;
}

async function stopRig(rig: Rig): Promise<void> {
  await Promise.all(rig.workers.map((w) => w.stop()));
  await rig.bus.close();
  await rig.fake.stop();
  await rig.nats.dispose();
}

let serial = 0;
function input(sessionKey: string, text: string) {
  const id = `bench-${++serial}-${Date.now()}`;
  return {
    id,
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

/** Sends `count` inputs spread over `sessions` sessions as fast as the bus takes them; resolves with turns per second. */
async function sustained(rig: Rig, count: number, sessions: number, tag: string): Promise<number> {
  let done = 0;
  const finished = new Promise<void>((resolve) =>
    rig.onReply.add(() => ++done === count && resolve()),
  );
  const started = performance.now();
  const queue = Array.from({ length: count }, (_, i) =>
    input(`agent:main:telegram:group:${tag}${i % sessions}`, `turn ${i}`),
  );
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await submitInput(rig.bus, next);
    }),
  );
  await finished;
  rig.onReply.clear();
  return (count / (performance.now() - started)) * 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Open-loop arrivals at `rate`/s for `seconds`: latency from submit to the reply landing in OUTBOX.
 * `sessionFor(i)` picks the session of input i (a pool of ongoing conversations, or a new one each time).
 */
async function latencyAt(
  rig: Rig,
  rate: number,
  seconds: number,
  sessionFor: (i: number) => string,
): Promise<{ p50: number; p99: number }> {
  // Send times per session, oldest first (followup mode answers a session's inputs in order).
  const sentAt = new Map<string, number[]>();
  const latencies: number[] = [];
  const total = rate * seconds;
  const finished = new Promise<void>((resolve) =>
    rig.onReply.add((key) => {
      const at = sentAt.get(key)?.shift();
      if (at === undefined) return;
      latencies.push(performance.now() - at);
      if (latencies.length === total) resolve();
    }),
  );
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const key = sessionFor(i);
    sentAt.set(key, [...(sentAt.get(key) ?? []), performance.now()]);
    void submitInput(rig.bus, input(key, `latency ${i}`));
  }
  await finished;
  rig.onReply.clear();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Turns per second with `workers` processes and a 1 s model, enough sessions to fill every slot for ~6 s. */
async function scaled(workers: number): Promise<number> {
  const rig = await startRig(1000, workers, 4);
  try {
    const count = 4 * workers * 6;
    await sustained(rig, 4 * workers, 4 * workers, `warm${workers}-`);
    return await sustained(rig, count, count, `scale${workers}-`);
  } finally {
    await stopRig(rig);
  }
}

/** The agents' turn engine under load: throughput, latency overhead, and scaling across worker processes. */
/** Exposed for profiling runs (BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the workers). */
export { latencyAt, startRig, stopRig, sustained, type Rig, type RigServer };

export const suite: BenchSuite = {
  name: "agent-turns",
  description: `Agent turns through INBOX → worker → OUTBOX against a private nats-server and the Anthropic fake (followup mode, one process per worker). Targets: ≥ 500 turns/s sustained with a zero-latency model (${SLOTS} slots per worker); p99 overhead ≤ 25 ms at 200 inputs/s; ≥ 90 % of linear scaling from 1 to 2 and 4 workers with a 1 s model (4 slots each).`,
  async run() {
    const metrics: Record<string, Measurement> = {};
    const notes: string[] = [];
    step("1 worker: 3000 turns, then latency at 50/s and 200/s");
    const rig = await startRig(0, 1, SLOTS);
    try {
      await sustained(rig, 200, 100, "warm-");
      const pids = { worker: rig.workers[0]!.child.pid!, nats: rig.nats.pid! };
      const before = {
        worker: cpuMs(pids.worker),
        nats: cpuMs(pids.nats),
        driver: cpuMs(process.pid),
      };
      metrics["sustained turns/s, 1 worker, zero-latency model"] = atLeast(
        await sustained(rig, 3000, 300, "s1-"),
        "turns/s",
        500,
      );
      metrics["CPU per turn: worker"] = info((cpuMs(pids.worker) - before.worker) / 3000, "ms");
      metrics["CPU per turn: nats-server"] = info((cpuMs(pids.nats) - before.nats) / 3000, "ms");
      metrics["CPU per turn: fake model + load generator"] = info(
        (cpuMs(process.pid) - before.driver) / 3000,
        "ms",
      );
      // Ongoing conversations: 100 sessions that already exist, each input to the next one in turn.
      await sustained(rig, 100, 100, "pool-");
      const pool = (i: number) => `agent:main:telegram:group:pool-${i % 100}`;
      for (const rate of [50, 200]) {
        const { p50, p99 } = await latencyAt(rig, rate, 10, pool);
        metrics[`overhead p50 at ${rate}/s`] = info(p50, "ms");
        metrics[`overhead p99 at ${rate}/s`] =
          rate === 200 ? atMost(p99, "ms", 25) : info(p99, "ms");
      }
      const fresh = await latencyAt(rig, 200, 10, (i) => `agent:main:telegram:group:new-${i}`);
      metrics["overhead p50 at 200/s, a new session per input"] = info(fresh.p50, "ms");
      metrics["overhead p99 at 200/s, a new session per input"] = info(fresh.p99, "ms");
    } finally {
      await stopRig(rig);
    }
    step("2 workers: 3000 turns");
    const two = await startRig(0, 2, SLOTS);
    try {
      await sustained(two, 200, 100, "warm2-");
      metrics["sustained turns/s, 2 workers, zero-latency model"] = info(
        await sustained(two, 3000, 300, "s2-"),
        "turns/s",
      );
    } finally {
      await stopRig(two);
    }
    step("1 s model: 1, 2 and 4 workers");
    const base = await scaled(1);
    metrics["1 s model, 1 worker"] = info(base, "turns/s");
    const perWorkers: [number, number][] = [[1, base]];
    for (const workers of [2, 4]) {
      const tput = await scaled(workers);
      perWorkers.push([workers, tput]);
      metrics[`1 s model, ${workers} workers`] = info(tput, "turns/s");
      metrics[`scaling efficiency, ${workers} workers`] = atLeast(
        (tput / (base * workers)) * 100,
        "%",
        90,
      );
    }
    notes.push(
      "Overhead is the time from submitInput to the reply landing in OUTBOX with a zero-latency fake model: the bus work of a turn plus one local HTTP call to the fake. The target rows use 100 ongoing sessions; the 'new session per input' rows are the worst case (every turn creates its session state).",
    );
    notes.push(
      "Everything (nats-server, the fake, the load generator and the workers) shares this machine's 2 cores; the CPU-per-turn rows say where a turn's CPU goes (2 cores ÷ their sum = the ceiling on turns/s here).",
    );
    const overhead = Object.entries(metrics).filter(([k]) => k.startsWith("overhead"));
    return {
      metrics,
      notes,
      charts: [
        {
          kind: "bar",
          title: "Overhead per turn (submit → reply in OUTBOX, zero-latency model)",
          unit: "ms",
          bars: overhead.map(([label, m]) => ({ label, value: m.value, pass: m.pass })),
        },
        {
          kind: "line",
          title: "Turns/s by worker count, 1 s model, 4 slots each",
          xLabel: "workers",
          unit: "turns/s",
          series: [
            { name: "measured", points: perWorkers },
            { name: "linear", points: perWorkers.map(([w]) => [w, base * w]) },
          ],
        },
      ],
    };
  },
};
