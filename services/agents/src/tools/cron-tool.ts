import { BusError, type CronJob } from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import type { CronStore } from "../cron/cron-store.js";
import { stringField, toolError, type AgentTool, type ToolContext } from "./agent-tool.js";

/** The job store operations the cron tool uses. */
export type CronJobs = Pick<CronStore, "add" | "list" | "remove">;

function describe(job: CronJob): string {
  const when =
    job.schedule.kind === "at"
      ? `at ${new Date(job.schedule.atMs).toISOString()}`
      : job.schedule.kind === "every"
        ? `every ${Math.round(job.schedule.everyMs / 1000)} s`
        : `cron "${job.schedule.expr}"${job.schedule.tz ? ` (${job.schedule.tz})` : ""}`;
  const next = job.state.nextRunAtMs
    ? `, next ${new Date(job.state.nextRunAtMs).toISOString()}`
    : "";
  const text = job.payload.kind === "agentTurn" ? job.payload.message : job.payload.text;
  return `${job.id}: ${when}${next} — ${text.slice(0, 120)}`;
}

function scheduleFrom(input: Record<string, unknown>, now: number) {
  const at = stringField(input, "at");
  if (at) {
    const atMs = Date.parse(at);
    if (Number.isNaN(atMs)) throw new Error(`at: not an ISO date-time: ${at}`);
    return { kind: "at" as const, atMs };
  }
  if (typeof input.inSeconds === "number")
    return { kind: "at" as const, atMs: now + input.inSeconds * 1000 };
  if (typeof input.everySeconds === "number")
    return { kind: "every" as const, everyMs: Math.round(input.everySeconds * 1000) };
  const cron = stringField(input, "cron");
  if (cron) return { kind: "cron" as const, expr: cron, tz: stringField(input, "tz") };
  throw new Error("give one of at, inSeconds, everySeconds or cron");
}

async function add(jobs: CronJobs, input: Record<string, unknown>, ctx: ToolContext) {
  const message = stringField(input, "message");
  if (!message) return toolError("cron add needs the message to act on when it fires");
  const target = ctx.replyTarget;
  const job = await jobs.add({
    agentId: ctx.agentId,
    name: stringField(input, "name"),
    schedule: scheduleFrom(input, Date.now()),
    sessionTarget: "isolated",
    payload: { kind: "agentTurn", message },
    ...(target
      ? {
          delivery: {
            channel: target.channel,
            to: target.peer.id,
            accountId: target.accountId,
            kind:
              target.peer.kind === "dm" ? "dm" : target.peer.kind === "group" ? "group" : "channel",
            ...(target.threadId ? { threadId: target.threadId } : {}),
          },
        }
      : {}),
  });
  return { content: `scheduled ${describe(job)}${target ? ` (reply to this chat)` : ""}` };
}

/** `cron`: lets the agent schedule, list and cancel jobs ("remind me tomorrow at 9"); replies go to the current chat. */
export function cronTool(jobs: CronJobs): AgentTool {
  return {
    spec: {
      name: "cron",
      description:
        "Schedule work for later: action add (with at = ISO date-time with offset, or inSeconds, everySeconds, or cron + tz) runs `message` as your instruction then and sends your answer to this chat; list shows jobs; remove cancels one by id.",
      inputSchema: {
        type: "object",
        properties: {
          action: { type: "string", enum: ["add", "list", "remove"] },
          message: {
            type: "string",
            description: "what to do when it fires, e.g. 'Remind them to call Ana'",
          },
          at: { type: "string", description: "ISO 8601 date-time, e.g. 2026-01-31T09:00:00+01:00" },
          inSeconds: { type: "number" },
          everySeconds: { type: "number" },
          cron: { type: "string", description: "5-field cron expression" },
          tz: { type: "string", description: "IANA time zone for cron, e.g. Europe/Rome" },
          name: { type: "string" },
          id: { type: "string", description: "job id (remove)" },
        },
        required: ["action"],
      },
    },
    async run(input, ctx) {
      try {
        switch (stringField(input, "action")) {
          case "add":
            return await add(jobs, input, ctx);
          case "list": {
            const mine = (await jobs.list()).filter((job) => job.agentId === ctx.agentId);
            return { content: mine.length ? mine.map(describe).join("\n") : "no scheduled jobs" };
          }
          case "remove": {
            const id = stringField(input, "id");
            if (!id) return toolError("cron remove needs the job id (see action list)");
            return { content: (await jobs.remove(id)) ? `removed ${id}` : `no job ${id}` };
          }
          default:
            return toolError("cron action must be add, list or remove");
        }
      } catch (error) {
        return toolError(
          `cron: ${error instanceof BusError ? error.message : errorMessage(error)}`,
        );
      }
    },
  };
}
