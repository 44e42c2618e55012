import { randomUUID } from "node:crypto";
import type * as z from "zod";
import {
  Buckets,
  BusError,
  BusErrorCode,
  cronJobInputSchema,
  cronJobSchema,
  cronRunSchema,
  TypedBucket,
  updateWithRetry,
  type Bus,
  type CronJob,
  type CronRun,
} from "@clawfleet/bus";
import { firstDue, scheduleProblem } from "../domain/cron/schedule.js";

/** A job as a client gives it (defaults not yet applied). */
export type CronJobInput = z.input<typeof cronJobInputSchema>;

/** The scheduled jobs (`cron-jobs`) and their run claims (`cron-runs`) on the bus. */
export class CronStore {
  constructor(
    readonly jobs: TypedBucket<typeof cronJobSchema>,
    readonly runs: TypedBucket<typeof cronRunSchema>,
  ) {}

  /** Opens both provisioned buckets. */
  static async open(bus: Bus): Promise<CronStore> {
    return new CronStore(
      await TypedBucket.open(bus, Buckets.CronJobs, cronJobSchema),
      await TypedBucket.open(bus, Buckets.CronRuns, cronRunSchema),
    );
  }

  /** Every job, next due first (jobs that will not run again last). */
  async list(): Promise<CronJob[]> {
    const keys = await this.jobs.keys();
    const jobs = await Promise.all(keys.map((k) => this.jobs.get(k).catch(() => undefined)));
    return jobs
      .flatMap((j) => (j ? [j.value] : []))
      .sort(
        (a, b) =>
          (a.state.nextRunAtMs ?? Infinity) - (b.state.nextRunAtMs ?? Infinity) ||
          a.createdAtMs - b.createdAtMs,
      );
  }

  /** One job, or NOT_FOUND. */
  async get(id: string): Promise<CronJob> {
    const job = await this.jobs.get(id);
    if (!job) throw new BusError(BusErrorCode.NotFound, `no scheduled job ${id}`);
    return job.value;
  }

  /** Adds a validated job (the caller checked the agent) with its first due time. */
  async add(input: CronJobInput, now = Date.now()): Promise<CronJob> {
    const parsed = cronJobInputSchema.parse(input);
    const problem = scheduleProblem(parsed.schedule);
    if (problem) throw new BusError(BusErrorCode.BadRequest, problem);
    const job: CronJob = cronJobSchema.parse({
      ...parsed,
      id: randomUUID(),
      createdAtMs: now,
      updatedAtMs: now,
      state: { nextRunAtMs: firstDue(parsed.schedule, now, now), runs: 0 },
    });
    await this.jobs.create(job.id, job);
    return job;
  }

  /** Changes a job; a changed schedule or a re-enabled job gets a new next due time. */
  async update(id: string, patch: Partial<CronJobInput>, now = Date.now()): Promise<CronJob> {
    if (patch.schedule) {
      const problem = scheduleProblem(cronJobInputSchema.shape.schedule.parse(patch.schedule));
      if (problem) throw new BusError(BusErrorCode.BadRequest, problem);
    }
    const result = await updateWithRetry(this.jobs, id, (job) => {
      if (!job) throw new BusError(BusErrorCode.NotFound, `no scheduled job ${id}`);
      const next = cronJobSchema.parse({ ...job, ...patch, id, updatedAtMs: now });
      if (patch.schedule || (patch.enabled && !job.enabled))
        next.state = { ...next.state, nextRunAtMs: firstDue(next.schedule, now, job.createdAtMs) };
      return next;
    });
    return result.value!;
  }

  /** Removes a job; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const job = await this.jobs.get(id);
    if (!job) return false;
    await this.jobs.delete(id);
    return true;
  }

  /** Runs of one job or all, newest first. */
  async listRuns(id: string | undefined, limit: number): Promise<CronRun[]> {
    const keys = await this.runs.keys(id ? `${id}.>` : undefined);
    const runs = await Promise.all(keys.map((k) => this.runs.get(k).catch(() => undefined)));
    return runs
      .flatMap((r) => (r ? [r.value] : []))
      .sort((a, b) => b.claimedAtMs - a.claimedAtMs)
      .slice(0, limit);
  }
}
