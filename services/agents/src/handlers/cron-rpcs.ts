import {
  CronAdd,
  CronList,
  CronRemove,
  CronRunNow,
  CronRuns,
  CronStatus,
  CronUpdate,
  type Bus,
} from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import { normalizeAgentId } from "@clawfleet/core";
import type { Subscription } from "./subscription.js";
import { knownAgentId } from "./workspace-rpcs.js";
import { claimAndFire } from "../cron/claim-run.js";
import type { CronScheduler } from "../cron/cron-scheduler.js";
import type { CronStore } from "../cron/cron-store.js";
import { jobInput } from "../cron/job-input.js";

/** What the cron RPCs use. */
export interface CronRpcDeps {
  bus: Bus;
  store: CronStore;
  scheduler: Pick<CronScheduler, "nextWakeAtMs">;
  config: () => OpenClawConfig;
  instanceId: string;
}

/** Serves `agents.cron.*`: the jobs the scheduler fires, for the gateway's `cron.*` methods and the CLI. */
export function serveCronRpcs(deps: CronRpcDeps): Subscription[] {
  const { bus, store } = deps;
  return [
    bus.serve(CronList, {}, async ({ includeDisabled, agentId }) => {
      const jobs = (await store.list()).filter(
        (job) =>
          (includeDisabled || job.enabled) &&
          (!agentId || normalizeAgentId(job.agentId) === normalizeAgentId(agentId)),
      );
      const revision = String(Math.max(0, ...jobs.map((job) => job.updatedAtMs)));
      return { jobs, revision };
    }),
    bus.serve(CronStatus, {}, async () => ({
      enabled: true,
      jobs: (await store.list()).length,
      nextWakeAtMs: deps.scheduler.nextWakeAtMs(),
    })),
    bus.serve(CronAdd, {}, async ({ job }) => {
      knownAgentId(deps.config(), job.agentId);
      return { job: await store.add(job) };
    }),
    bus.serve(CronUpdate, {}, async ({ id, patch }) => {
      if (patch.agentId) knownAgentId(deps.config(), patch.agentId);
      return { job: await store.update(id, patch) };
    }),
    bus.serve(CronRemove, {}, async ({ id }) => ({ ok: true, removed: await store.remove(id) })),
    bus.serve(CronRunNow, {}, async ({ id }) => {
      const job = await store.get(id);
      const now = Date.now();
      const tag = `manual-${now}`;
      await claimAndFire(bus, store, deps.instanceId, {
        key: `${job.id}.${tag}`,
        jobId: job.id,
        dueAtMs: now,
        input: jobInput(job, now, deps.config().session.mainKey, tag),
        manual: true,
      });
      const run = await store.runs.get(`${job.id}.${tag}`);
      return { ok: true, ran: true, ...(run ? { run: run.value } : {}) };
    }),
    bus.serve(CronRuns, {}, async ({ id, limit }) => ({ runs: await store.listRuns(id, limit) })),
  ];
}
