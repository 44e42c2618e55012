// Issue 11: agent turns on a local 3-node JetStream cluster (R3 streams and buckets) next to one
// nats-server, and the time replies take to resume after kill -9 of the node leading INBOX or TURNS.
import { streamPlacements, Streams } from "@clawfleet/bus";
import { startNatsCluster, type NatsTestCluster } from "@clawfleet/testkit";
import { FLOW_RATE, FLOW_SESSIONS, runKill, type KillOutcome } from "../lib/cluster-kill.js";
import { step } from "../lib/progress.js";
import { atMost, info, type BenchSuite, type Measurement } from "../lib/report.js";
import { latencyAt, startRig, stopRig, sustained, type Rig } from "./agent-turns.js";

const SLOTS = 16;
const RESUME_RUNS = 4;

async function onCluster(workers: number, keep?: (c: NatsTestCluster) => void): Promise<Rig> {
  return startRig(
    0,
    workers,
    SLOTS,
    async () => {
      const cluster = await startNatsCluster();
      keep?.(cluster);
      return { url: cluster.url, pid: cluster.nodes[0]!.pid, dispose: () => cluster.dispose() };
    },
    3,
  );
}

/** Turns/s (zero-latency model, 1 worker) and overhead p50/p99 at 200/s over 100 ongoing sessions. */
async function turns(rig: Rig, tag: string): Promise<{ tput: number; p50: number; p99: number }> {
  await sustained(rig, 200, 100, `${tag}warm-`);
  const tput = await sustained(rig, 2000, 200, `${tag}s-`);
  await sustained(rig, 100, 100, `${tag}pool-`);
  const { p50, p99 } = await latencyAt(
    rig,
    200,
    10,
    (i) => `agent:main:telegram:group:${tag}pool-${i % 100}`,
  );
  return { tput, p50, p99 };
}

/** One kill: a fresh cluster and worker, the flow, kill -9 of the node leading `stream` (see {@link runKill}). */
async function killLeader(run: number, stream: string): Promise<KillOutcome> {
  let cluster: NatsTestCluster | undefined;
  const rig = await onCluster(1, (c) => (cluster = c));
  try {
    return await runKill(rig.bus, `k${run}`, async () => {
      const [placement] = await streamPlacements(rig.bus, [stream]);
      const victim = cluster!.nodes.find((node) => node.name === placement?.leader);
      if (!victim) throw new Error(`${stream} has no leader to kill`);
      return () => victim.kill();
    });
  } finally {
    await stopRig(rig);
  }
}

export const suite: BenchSuite = {
  name: "cluster",
  description: `Agent turns on a local 3-node JetStream cluster (streams and buckets R3) next to one nats-server (1 worker, ${SLOTS} slots, zero-latency model); time from kill -9 of the node leading INBOX or TURNS to the stored reply of the first input sent after the kill, under ${FLOW_RATE} inputs/s over ${FLOW_SESSIONS} sessions (median of ${RESUME_RUNS}). Target: resume ≤ 10 s.`,
  async run() {
    const metrics: Record<string, Measurement> = {};
    step("single node: turns/s and overhead");
    const single = await startRig(0, 1, SLOTS);
    let one;
    try {
      one = await turns(single, "one-");
    } finally {
      await stopRig(single);
    }
    step("3-node cluster: turns/s and overhead");
    const clustered = await onCluster(1);
    let three;
    try {
      three = await turns(clustered, "r3-");
    } finally {
      await stopRig(clustered);
    }
    metrics["turns/s, single node"] = info(one.tput, "turns/s");
    metrics["turns/s, 3-node cluster R3"] = info(three.tput, "turns/s");
    metrics["overhead p50 at 200/s, single node"] = info(one.p50, "ms");
    metrics["overhead p50 at 200/s, 3-node cluster R3"] = info(three.p50, "ms");
    metrics["overhead p99 at 200/s, single node"] = info(one.p99, "ms");
    metrics["overhead p99 at 200/s, 3-node cluster R3"] = info(three.p99, "ms");
    const runs: KillOutcome[] = [];
    const victims: string[] = [];
    for (let run = 0; run < RESUME_RUNS; run++) {
      const stream = run % 2 === 0 ? Streams.Inbox.name : Streams.Turns.name;
      victims.push(stream);
      step(`kill ${run + 1} of ${RESUME_RUNS}: the ${stream} leader`);
      const outcome = await killLeader(run, stream);
      step(
        `kill ${run + 1}: replies resumed after ${Math.round(outcome.resumeMs)} ms; ${outcome.inputs} inputs answered once, in order`,
      );
      runs.push(outcome);
    }
    runs.forEach((r, i) => {
      metrics[`kill ${i + 1} (${victims[i]} leader) → replies resume`] = info(r.resumeMs, "ms");
      metrics[`kill ${i + 1} (${victims[i]} leader) → bus takes input again`] = info(
        r.acceptedMs,
        "ms",
      );
    });
    const times = runs.map((r) => r.resumeMs);
    const sorted = [...times].sort((a, b) => a - b);
    metrics[`kill -9 of a leader → replies resume (median of ${RESUME_RUNS})`] = atMost(
      sorted[Math.floor(RESUME_RUNS / 2)]!,
      "ms",
      10_000,
    );
    metrics[`kill -9 of a leader → replies resume (worst of ${RESUME_RUNS})`] = info(
      sorted.at(-1)!,
      "ms",
    );
    const bars = (names: string[]) =>
      names.map((label) => ({ label, value: metrics[label]!.value, pass: metrics[label]!.pass }));
    return {
      metrics,
      charts: [
        {
          kind: "bar",
          title: "Turns/s, zero-latency model, 1 worker",
          unit: "turns/s",
          bars: bars(["turns/s, single node", "turns/s, 3-node cluster R3"]),
        },
        {
          kind: "bar",
          title: "Overhead per turn at 200 inputs/s",
          unit: "ms",
          bars: bars(Object.keys(metrics).filter((k) => k.startsWith("overhead"))),
        },
        {
          kind: "bar",
          title: "kill -9 of a stream leader → replies resume (target ≤ 10 s)",
          unit: "ms",
          bars: times.map((t, i) => ({
            label: `kill ${i + 1}: ${victims[i]} leader`,
            value: Math.round(t),
            pass: t <= 10_000,
          })),
        },
      ],
      notes: [
        `runs (leader killed: replies resume / bus takes input again, inputs): ${runs.map((r, i) => `${victims[i]} ${Math.round(r.resumeMs)} / ${Math.round(r.acceptedMs)} ms, ${r.inputs} inputs (${r.retried} retried)`).join("; ")}; every run: each input answered exactly once, in order per session, checked against what OUTBOX stored (${FLOW_RATE}/s over ${FLOW_SESSIONS} sessions)`,
        "Everything (three nats-servers, the worker, the fake model and the load generator) shares this machine's 2 cores.",
      ],
    };
  },
};
