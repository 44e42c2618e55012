import { isRevisionConflict, type Bus, type CronJob } from "@clawfleet/bus";
import type { LiveConfig } from "@clawfleet/config";
import { buildMainSessionKey, errorMessage } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import { hasHeartbeatContent } from "../domain/conversation/project-context.js";
import { nextDue } from "../domain/cron/schedule.js";
import type { WorkspaceStore } from "../workspace/workspace-store.js";
import { claimAndFire } from "./claim-run.js";
import type { CronStore } from "./cron-store.js";
import {
  heartbeatAgents,
  heartbeatInput,
  heartbeatSettings,
  heartbeatTarget,
} from "./heartbeat.js";
import { jobInput } from "./job-input.js";

/** How often every worker looks for due jobs and heartbeats. */
export const CRON_TICK_MS = 1000;

/** What the scheduler works with. */
export interface CronSchedulerDeps {
  bus: Bus;
  store: CronStore;
  config: LiveConfig;
  workspace: Pick<WorkspaceStore, "read" | "ensureSeeded">;
  instanceId: string;
  logger: Logger;
}

/**
 * Runs in every agents worker: follows the jobs bucket, and each tick fires what is due through a
 * per-due-time claim, so however many workers run, each due time fires once (see {@link claimAndFire}).
 * Missed-run policy: a job whose due time passed while no worker ran fires once when one is back,
 * and its next due time is computed from then (missed repetitions are coalesced into that one run).
 */
export class CronScheduler {
  readonly #jobs = new Map<string, CronJob>();
  readonly #inFlight = new Set<string>();
  readonly #heartbeatsDone = new Set<string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopWatch: (() => void) | undefined;

  constructor(private readonly deps: CronSchedulerDeps) {}

  /** Starts following jobs and ticking. */
  async start(): Promise<void> {
    this.#stopWatch = await this.deps.store.jobs.watch(
      {},
      (change) => {
        if (change.op === "put") this.#jobs.set(change.key, change.value);
        else this.#jobs.delete(change.key);
      },
      (error) => this.deps.logger.warn(`invalid job in cron-jobs: ${errorMessage(error)}`),
    );
    this.#timer = setInterval(() => this.tick(), CRON_TICK_MS);
    this.#timer.unref();
  }

  /** Stops ticking; runs being fired finish on their own. */
  stop(): void {
    clearInterval(this.#timer);
    this.#stopWatch?.();
  }

  /** The earliest due time among enabled jobs, or null. */
  nextWakeAtMs(): number | null {
    let next: number | null = null;
    for (const job of this.#jobs.values())
      if (job.enabled && job.state.nextRunAtMs !== undefined)
        next = next === null ? job.state.nextRunAtMs : Math.min(next, job.state.nextRunAtMs);
    return next;
  }

  /** Looks for due jobs and heartbeats once. */
  tick(now = Date.now()): void {
    for (const job of this.#jobs.values()) {
      const due = job.state.nextRunAtMs;
      if (!job.enabled || due === undefined || due > now) continue;
      this.#once(`job:${job.id}`, () => this.#fireJob(job, due));
    }
    const config = this.deps.config.current;
    const settings = heartbeatSettings(config);
    if (settings.everyMs <= 0) return;
    const slot = Math.floor(now / settings.everyMs) * settings.everyMs;
    for (const agentId of heartbeatAgents(config)) {
      if (this.#heartbeatsDone.has(`${agentId}:${slot}`)) continue;
      this.#once(`heartbeat:${agentId}`, () => this.#heartbeat(agentId, slot));
    }
  }

  #once(key: string, work: () => Promise<void>): void {
    if (this.#inFlight.has(key)) return;
    this.#inFlight.add(key);
    work()
      .catch((error: unknown) => this.deps.logger.warn(`${key}: ${errorMessage(error)}`))
      .finally(() => this.#inFlight.delete(key));
  }

  async #fireJob(job: CronJob, due: number): Promise<void> {
    const { bus, store, instanceId, config } = this.deps;
    const input = jobInput(job, due, config.current.session.mainKey);
    const outcome = await claimAndFire(bus, store, instanceId, {
      key: `${job.id}.${due}`,
      jobId: job.id,
      dueAtMs: due,
      input,
    });
    if (outcome === "held-elsewhere") return;
    if (outcome === "fired") this.deps.logger.info(`job ${job.id} fired for ${input.sessionKey}`);
    await this.#advance(job.id, due);
  }

  /** Moves a fired job to its next due time (or removes a finished one-shot), once: only from `due`. */
  async #advance(id: string, due: number): Promise<void> {
    const { store } = this.deps;
    const current = await store.jobs.get(id);
    if (!current || current.value.state.nextRunAtMs !== due) return;
    const job = current.value;
    const now = Date.now();
    const next = nextDue(job.schedule, Math.max(due, now), job.createdAtMs);
    try {
      if (next === undefined && job.schedule.kind === "at" && job.deleteAfterRun !== false) {
        await store.jobs.delete(id, current.revision);
        return;
      }
      await store.jobs.update(
        id,
        {
          ...job,
          ...(next === undefined ? { enabled: false } : {}),
          state: {
            ...job.state,
            nextRunAtMs: next,
            lastRunAtMs: now,
            lastStatus: "fired",
            runs: job.state.runs + 1,
          },
        },
        current.revision,
      );
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
    }
  }

  async #heartbeat(agentId: string, slot: number): Promise<void> {
    const { bus, store, instanceId, config, workspace } = this.deps;
    await workspace.ensureSeeded(agentId);
    const file = await workspace.read(agentId, "HEARTBEAT.md");
    if (!hasHeartbeatContent(file?.content)) {
      this.#heartbeatsDone.add(`${agentId}:${slot}`);
      return;
    }
    const settings = heartbeatSettings(config.current);
    const mainKey = buildMainSessionKey(agentId, config.current.session.mainKey);
    const target = await heartbeatTarget(bus, settings, mainKey);
    const outcome = await claimAndFire(bus, store, instanceId, {
      key: `heartbeat-${agentId}.${slot}`,
      jobId: `heartbeat-${agentId}`,
      dueAtMs: slot,
      input: heartbeatInput(config.current, agentId, slot, settings.prompt, target),
    });
    if (outcome !== "held-elsewhere") this.#heartbeatsDone.add(`${agentId}:${slot}`);
    // Keep the set small: slots before this one are never looked at again.
    for (const done of this.#heartbeatsDone)
      if (Number(done.split(":").at(-1)) < slot) this.#heartbeatsDone.delete(done);
  }
}
