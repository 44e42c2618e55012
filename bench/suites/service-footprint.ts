import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchCli, startNatsServer, type LaunchedCli } from "@clawfleet/testkit";
import { rssMb } from "../lib/process-memory.js";
import { step } from "../lib/progress.js";
import { atMost, info, type BenchSuite } from "../lib/report.js";

const SERVICES = ["gateway", "channels", "agents", "voice"] as const;
/** Idle means settled: V8 returns the young generation grown during start-up only after ~30 s. */
const IDLE_MS = 30_000;

/** Time to ready and idle memory of each service, and of the whole stack with nats-server. */
export const suite: BenchSuite = {
  name: "service-footprint",
  description: `Each service started as its own process against a private nats-server: time from spawn to /readyz 200, and RSS after ${IDLE_MS / 1000} s idle. Budgets: ready ≤ 1000 ms, idle ≤ 80 MB each, stack ≤ 350 MB.`,
  async run() {
    const nats = await startNatsServer();
    const procs: LaunchedCli[] = [];
    const metrics: Record<string, ReturnType<typeof info>> = {};
    try {
      const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-bench-"));
      const env = {
        NATS_URL: nats.url,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_GATEWAY_TOKEN: "bench-token",
        NODE_ENV: "production",
      };
      // Warm the disk cache and provision once so every service measures its own start, not the first provisioning.
      const warm = launchCli(["agents"], env);
      await warm.waitReady();
      await warm.stop();
      step(`starting ${SERVICES.join(", ")}`);
      for (const service of SERVICES) {
        const started = performance.now();
        const proc = launchCli(
          service === "gateway" ? ["gateway", "--allow-unconfigured", "--port", "0"] : [service],
          env,
        );
        procs.push(proc);
        await proc.waitReady(10_000);
        metrics[`${service} ready`] = atMost(performance.now() - started, "ms", 1000);
      }
      step(`idle ${IDLE_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, IDLE_MS));
      let total = 0;
      for (const [i, service] of SERVICES.entries()) {
        const proc = procs[i]!;
        if (proc.child.exitCode !== null)
          throw new Error(
            `${service} exited with ${proc.child.exitCode}:\n${proc.lines.slice(-10).join("\n")}`,
          );
        const rss = rssMb(proc.child.pid!);
        total += rss;
        metrics[`${service} idle RSS`] = atMost(rss, "MB", 80);
      }
      const natsRss = nats.pid ? rssMb(nats.pid) : Number.NaN;
      metrics["nats-server idle RSS"] = info(natsRss, "MB");
      metrics["stack idle RSS (4 services + nats-server)"] = atMost(total + natsRss, "MB", 350);
      return {
        metrics,
        notes: [
          "The reference system needs about 9 s and about 900 MB for its single process on this machine, and advises 2 GB.",
        ],
      };
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      await nats.dispose();
    }
  },
};
