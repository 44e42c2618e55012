import {
  Buckets,
  cronJobInputSchema,
  CronAdd,
  CronRemove,
  CronRunNow,
  CronStatus,
  CronUpdate,
  cronJobSchema,
  cronRunSchema,
  TypedBucket,
  type Bus,
} from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import { defineMethod, type MethodDef } from "../method.js";
import type { CronSource } from "./cron.js";

/** Reads every value of a bucket (jobs or runs), skipping entries that fail their schema. */
async function readAll<S extends z.ZodType>(bucket: TypedBucket<S> | undefined) {
  if (!bucket) return [];
  const keys = await bucket.keys();
  const values = await Promise.all(keys.map((k) => bucket.get(k).catch(() => undefined)));
  return values.flatMap((v) => (v ? [v.value] : []));
}

/**
 * The jobs as the agents keep them on the bus: read straight from KV `cron-jobs` / `cron-runs` (no
 * agents worker needed); `enabled` says whether a scheduler (an agents worker) answers.
 */
export function agentsCronSource(bus: Bus): CronSource {
  let jobs: Promise<TypedBucket<typeof cronJobSchema>> | undefined;
  let runs: Promise<TypedBucket<typeof cronRunSchema>> | undefined;
  const openJobs = () => (jobs ??= TypedBucket.open(bus, Buckets.CronJobs, cronJobSchema));
  const openRuns = () => (runs ??= TypedBucket.open(bus, Buckets.CronRuns, cronRunSchema));
  return {
    async list({ includeDisabled, agentId }) {
      const all = (await readAll(await openJobs()))
        .filter((job) => (includeDisabled || job.enabled) && (!agentId || job.agentId === agentId))
        .sort((a, b) => (a.state.nextRunAtMs ?? Infinity) - (b.state.nextRunAtMs ?? Infinity));
      return { jobs: all, revision: String(Math.max(0, ...all.map((job) => job.updatedAtMs))) };
    },
    async status() {
      try {
        return await bus.request(CronStatus, {}, {}, { timeoutMs: 3000 });
      } catch {
        const all = await readAll(await openJobs());
        return { enabled: false, jobs: all.length, nextWakeAtMs: null };
      }
    },
    async runs({ id, limit }) {
      return (await readAll(await openRuns()))
        .filter((run) => !id || run.jobId === id)
        .sort((a, b) => b.claimedAtMs - a.claimedAtMs)
        .slice(0, limit);
    },
  };
}

/** OpenClaw writes `schedule.at` as an ISO date-time; the bus model keeps `atMs`. */
function normalizeSchedule(schedule: unknown): unknown {
  if (schedule && typeof schedule === "object" && "at" in schedule) {
    const { at, ...rest } = schedule as { at: unknown };
    const atMs = typeof at === "string" ? Date.parse(at) : at;
    return { ...rest, atMs: Number.isNaN(atMs) ? at : atMs };
  }
  return schedule;
}

/** Validates with the bus model, answering INVALID_REQUEST with `path: message` lines naming each field. */
function parseJob<S extends z.ZodType>(schema: S, value: unknown, method: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
  throw invalidRequest(`invalid ${method} params: ${issues.join("; ")}`, { issues });
}

const jobId = z.looseObject({
  id: z.string().min(1).max(64).optional(),
  jobId: z.string().optional(),
});
const idOf = (params: { id?: string; jobId?: string }) => params.id ?? params.jobId ?? "";

/** `cron.add|update|remove|run`: changes go to the agents service, which validates and schedules them. */
export function cronMutationMethods(bus: Bus): MethodDef[] {
  return [
    defineMethod("cron.add", Scope.Admin, z.looseObject({ schedule: z.unknown() }), (params) =>
      callService(
        bus,
        "agents",
        CronAdd,
        {},
        {
          job: parseJob(
            cronJobInputSchema,
            { ...params, schedule: normalizeSchedule(params.schedule) },
            "cron.add",
          ),
        },
      ),
    ),
    defineMethod(
      "cron.update",
      Scope.Admin,
      jobId.extend({ patch: z.record(z.string(), z.unknown()) }),
      (params) => {
        const patch = { ...params.patch };
        if (patch.schedule) patch.schedule = normalizeSchedule(patch.schedule);
        return callService(
          bus,
          "agents",
          CronUpdate,
          {},
          {
            id: idOf(params),
            patch: parseJob(cronJobInputSchema.partial(), patch, "cron.update"),
          },
        );
      },
    ),
    defineMethod("cron.remove", Scope.Admin, jobId, (params) =>
      callService(bus, "agents", CronRemove, {}, { id: idOf(params) }),
    ),
    defineMethod("cron.run", Scope.Admin, jobId, (params) =>
      callService(bus, "agents", CronRunNow, {}, { id: idOf(params) }),
    ),
  ];
}
