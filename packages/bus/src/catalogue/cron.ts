import { ReplyTargetSchema } from "@clawfleet/core";
import * as z from "zod";
import { defineRequest } from "./define.js";

/** When a job runs: once at a time, every interval, or on a cron expression in a time zone (OpenClaw's model). */
export const cronScheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("at"), atMs: z.number().int().nonnegative() }),
  z.object({
    kind: z.literal("every"),
    everyMs: z.number().int().min(1000),
    anchorMs: z.number().int().nonnegative().optional(),
  }),
  z.object({
    kind: z.literal("cron"),
    expr: z.string().min(1).max(200),
    tz: z.string().max(64).optional(),
  }),
]);
/** A job's schedule. */
export type CronSchedule = z.infer<typeof cronScheduleSchema>;

/** What a run does: a system event into the agent's main session, or an agent turn in the job's own session. */
export const cronPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("systemEvent"), text: z.string().min(1).max(20_000) }),
  z.object({ kind: z.literal("agentTurn"), message: z.string().min(1).max(20_000) }),
]);

/** Where a run's reply is delivered (none: visible in the session only). */
export const cronDeliverySchema = z.object({
  channel: z.string().min(1).max(32),
  to: z.string().min(1).max(256),
  accountId: z.string().min(1).max(64).default("default"),
  kind: z.enum(["dm", "group", "channel"]).default("dm"),
  threadId: z.string().max(256).optional(),
});

/** A job as clients create it. */
export const cronJobInputSchema = z.object({
  agentId: z.string().min(1).max(64).default("main"),
  name: z.string().max(200).optional(),
  enabled: z.boolean().default(true),
  schedule: cronScheduleSchema,
  /** `main`: the payload goes into the agent's main session; `isolated`: a session of its own (`agent:<id>:cron:<jobId>`). */
  sessionTarget: z.enum(["main", "isolated"]).default("isolated"),
  payload: cronPayloadSchema,
  delivery: cronDeliverySchema.optional(),
  /** One-shot jobs are removed after their run unless this is false. */
  deleteAfterRun: z.boolean().optional(),
});

/** What KV `cron-jobs/<id>` holds. */
export const cronJobSchema = cronJobInputSchema.extend({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  createdAtMs: z.number().int().nonnegative(),
  updatedAtMs: z.number().int().nonnegative(),
  state: z
    .object({
      /** The due time the scheduler fires next; absent when the job will not run again. */
      nextRunAtMs: z.number().int().nonnegative().optional(),
      lastRunAtMs: z.number().int().nonnegative().optional(),
      lastStatus: z.enum(["fired", "skipped", "error"]).optional(),
      lastError: z.string().max(2000).optional(),
      runs: z.number().int().nonnegative().default(0),
    })
    .prefault({}),
});
/** One scheduled job. */
export type CronJob = z.infer<typeof cronJobSchema>;

/** What KV `cron-runs/<jobId>.<dueAtMs>` holds: the claim that makes a due time fire once cluster-wide. */
export const cronRunSchema = z.object({
  jobId: z.string(),
  dueAtMs: z.number().int().nonnegative(),
  status: z.enum(["claimed", "fired", "skipped"]),
  claimedBy: z.string(),
  claimedAtMs: z.number().int().nonnegative(),
  firedAtMs: z.number().int().nonnegative().optional(),
  sessionKey: z.string().optional(),
  manual: z.boolean().optional(),
  note: z.string().max(500).optional(),
  /** Where the run's reply goes, copied from the job (the job may be deleted before a retake). */
  target: ReplyTargetSchema.optional(),
});
/** One run of a job. */
export type CronRun = z.infer<typeof cronRunSchema>;

const idField = z.string().min(1).max(64);

/** Lists jobs. */
export const CronList = defineRequest({
  name: "agents.cron.list",
  subject: "agents.cron.list.v1",
  schema: z.object({ includeDisabled: z.boolean().default(false), agentId: z.string().optional() }),
  reply: z.object({ jobs: z.array(cronJobSchema), revision: z.string() }),
  doc: "Scheduled jobs, next due first.",
});

/** Scheduler state. */
export const CronStatus = defineRequest({
  name: "agents.cron.status",
  subject: "agents.cron.status.v1",
  schema: z.object({}),
  reply: z.object({
    enabled: z.boolean(),
    jobs: z.number().int(),
    nextWakeAtMs: z.number().nullable(),
  }),
  doc: "Whether the scheduler runs, how many jobs, the next due time.",
});

/** Adds a job. */
export const CronAdd = defineRequest({
  name: "agents.cron.add",
  subject: "agents.cron.add.v1",
  schema: z.object({ job: cronJobInputSchema }),
  reply: z.object({ job: cronJobSchema }),
  doc: "Adds a job; an invalid schedule or an unknown agent is refused naming the field.",
});

/** Changes a job. */
export const CronUpdate = defineRequest({
  name: "agents.cron.update",
  subject: "agents.cron.update.v1",
  schema: z.object({ id: idField, patch: cronJobInputSchema.partial() }),
  reply: z.object({ job: cronJobSchema }),
  doc: "Changes a job's fields; a new schedule recomputes its next run.",
});

/** Removes a job. */
export const CronRemove = defineRequest({
  name: "agents.cron.remove",
  subject: "agents.cron.remove.v1",
  schema: z.object({ id: idField }),
  reply: z.object({ ok: z.boolean(), removed: z.boolean() }),
  doc: "Removes a job.",
});

/** Runs a job now. */
export const CronRunNow = defineRequest({
  name: "agents.cron.run",
  subject: "agents.cron.run.v1",
  schema: z.object({ id: idField }),
  reply: z.object({ ok: z.boolean(), ran: z.boolean(), run: cronRunSchema.optional() }),
  doc: "Fires a job now (a manual run, outside its schedule).",
});

/** Past runs. */
export const CronRuns = defineRequest({
  name: "agents.cron.runs",
  subject: "agents.cron.runs.v1",
  schema: z.object({
    id: z.string().optional(),
    limit: z.number().int().positive().max(500).default(50),
  }),
  reply: z.object({ runs: z.array(cronRunSchema) }),
  doc: "Runs of one job or of all, newest first.",
});
