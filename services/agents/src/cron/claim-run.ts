import {
  isRevisionConflict,
  submitInput,
  type Bus,
  type CronRun,
  type inboxInputSchema,
} from "@clawfleet/bus";
import type * as z from "zod";
import type { CronStore } from "./cron-store.js";

/** A claim older than this whose worker never marked it fired is taken over (that worker died). */
export const CLAIM_RETAKE_MS = 30_000;

/** One due run to fire: its claim key (`<jobId>.<dueAtMs>`) and the input it puts in a session. */
export interface DueRun {
  key: string;
  jobId: string;
  dueAtMs: number;
  input: z.input<typeof inboxInputSchema>;
  manual?: boolean;
}

/** What {@link claimAndFire} did. */
export type ClaimOutcome = "fired" | "held-elsewhere" | "already-fired";

/**
 * Fires a due run exactly once cluster-wide. The claim is a KV create of the run's key: one worker
 * wins it, submits the input, and marks the run fired. A claim left unfired for
 * {@link CLAIM_RETAKE_MS} (its worker died in between) is taken over by compare-and-set; the input's
 * id is the INBOX `Nats-Msg-Id`, so even a submit both workers made lands once.
 */
export async function claimAndFire(
  bus: Bus,
  store: CronStore,
  instanceId: string,
  run: DueRun,
  now = Date.now(),
): Promise<ClaimOutcome> {
  const claim: CronRun = {
    jobId: run.jobId,
    dueAtMs: run.dueAtMs,
    status: "claimed",
    claimedBy: instanceId,
    claimedAtMs: now,
    sessionKey: run.input.sessionKey,
    ...(run.manual ? { manual: true } : {}),
    ...(run.input.replyTarget ? { target: run.input.replyTarget } : {}),
  };
  let revision: number;
  try {
    revision = await store.runs.create(run.key, claim);
  } catch (error) {
    if (!isRevisionConflict(error)) throw error;
    const existing = await store.runs.get(run.key);
    if (!existing || existing.value.status !== "claimed") return "already-fired";
    if (now - existing.value.claimedAtMs < CLAIM_RETAKE_MS) return "held-elsewhere";
    try {
      revision = await store.runs.update(run.key, claim, existing.revision);
    } catch (retakeError) {
      if (isRevisionConflict(retakeError)) return "held-elsewhere";
      throw retakeError;
    }
  }
  await submitInput(bus, run.input);
  await store.runs
    .update(run.key, { ...claim, status: "fired", firedAtMs: Date.now() }, revision)
    .catch((error: unknown) => {
      // Someone retook a claim we were slow to mark: the input went in once (same id), nothing to do.
      if (!isRevisionConflict(error)) throw error;
    });
  return "fired";
}
