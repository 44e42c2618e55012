import type { CronJob, inboxInputSchema } from "@clawfleet/bus";
import { buildMainSessionKey, normalizeAgentId, type ReplyTarget } from "@clawfleet/core";
import type * as z from "zod";

/** The session a job's runs go to: the agent's main session, or its own (`agent:<id>:cron:<jobId>`). */
export function jobSessionKey(job: CronJob, mainKey: string | undefined): string {
  const agentId = normalizeAgentId(job.agentId);
  return job.sessionTarget === "main"
    ? buildMainSessionKey(agentId, mainKey)
    : `agent:${agentId}:cron:${job.id}`;
}

/** Where a job's reply is delivered, from its `delivery`. */
export function jobTarget(job: CronJob): ReplyTarget | undefined {
  const d = job.delivery;
  if (!d) return undefined;
  return {
    channel: d.channel,
    accountId: d.accountId,
    peer: { kind: d.kind, id: d.to },
    ...(d.threadId ? { threadId: d.threadId } : {}),
  };
}

/** The inbox input of one run of a job; its id (the INBOX dedupe id) is fixed by job and due time. */
export function jobInput(
  job: CronJob,
  dueAtMs: number,
  mainKey: string | undefined,
  runTag = String(dueAtMs),
): z.input<typeof inboxInputSchema> {
  const label = job.name ? `"${job.name}"` : job.id;
  const text =
    job.payload.kind === "systemEvent"
      ? `[Scheduled event ${label}, due ${new Date(dueAtMs).toISOString()}] ${job.payload.text}`
      : job.payload.message;
  const target = jobTarget(job);
  return {
    id: `cron:${job.id}:${runTag}`,
    sessionKey: jobSessionKey(job, mainKey),
    agentId: normalizeAgentId(job.agentId),
    text,
    source: "cron",
    trusted: true,
    receivedAt: Date.now(),
    cron: { jobId: job.id, kind: "job" },
    ...(target ? { replyTarget: target } : {}),
  };
}
