import type { RunOutcome, RunUsage } from "./chat-event-mapper.js";

/** What the gateway knows about one agent run it accepted or saw on the bus. */
export interface RunRecord {
  runId: string;
  sessionKey: string;
  acceptedAt: number;
  startedAt?: number;
  endedAt?: number;
  status: "pending" | "running" | "ok" | "error" | "aborted";
  error?: string;
  /** Final reply text, when the run produced one. */
  text?: string;
  /** The model that answered (`provider/model`), when the agents reported it. */
  model?: string;
  /** Token counts of the run, when the agents reported them. */
  usage?: RunUsage;
}

const KEEP_FINISHED_MS = 15 * 60_000;
const KEEP_PENDING_MS = 2 * 3600_000;

/** Runs by id, so `agent.wait`, `chat.abort` and the `agent` method's final answer can follow them. */
export class RunRegistry {
  readonly #runs = new Map<string, RunRecord>();
  readonly #waiters = new Map<string, Set<(record: RunRecord) => void>>();

  /** Records a run the gateway just submitted. */
  accept(runId: string, sessionKey: string, now: number): RunRecord {
    const existing = this.#runs.get(runId);
    if (existing) return existing;
    const record: RunRecord = { runId, sessionKey, acceptedAt: now, status: "pending" };
    this.#runs.set(runId, record);
    return record;
  }

  /** A run started (lifecycle start) — for every run id the turn answers. */
  started(runIds: readonly string[], sessionKey: string, now: number): void {
    for (const runId of runIds) {
      const record = this.#runs.get(runId) ?? this.accept(runId, sessionKey, now);
      if (record.status === "pending") record.status = "running";
      record.startedAt ??= now;
    }
  }

  /** A run ended; the first outcome wins (a final then an end event). */
  finished(runIds: readonly string[], sessionKey: string, outcome: RunOutcome, now: number): void {
    for (const runId of runIds) {
      const record = this.#runs.get(runId) ?? this.accept(runId, sessionKey, now);
      if (outcome.status === "ok") {
        // The final event and the lifecycle end each carry part of what the run reports.
        if (outcome.model) record.model ??= outcome.model;
        if (outcome.usage) record.usage ??= outcome.usage;
      }
      if (record.endedAt !== undefined) {
        if (outcome.status === "ok" && outcome.text && record.text === undefined)
          record.text = outcome.text;
        continue;
      }
      record.status = outcome.status;
      record.startedAt ??= now;
      record.endedAt = now;
      if (outcome.status === "error") record.error = outcome.error;
      if (outcome.status === "ok" && outcome.text !== undefined) record.text = outcome.text;
      for (const resolve of this.#waiters.get(runId) ?? []) resolve(record);
      this.#waiters.delete(runId);
    }
  }

  /** The record of a run, if known. */
  get(runId: string): RunRecord | undefined {
    return this.#runs.get(runId);
  }

  /** Ids of the runs of a session that have not ended. */
  active(sessionKey: string): string[] {
    return [...this.#runs.values()]
      .filter((r) => r.sessionKey === sessionKey && r.endedAt === undefined)
      .map((r) => r.runId);
  }

  /** Resolves with the finished record, or undefined when `timeoutMs` passes (or `signal` aborts) first. */
  wait(runId: string, timeoutMs: number, signal?: AbortSignal): Promise<RunRecord | undefined> {
    const record = this.#runs.get(runId);
    if (record?.endedAt !== undefined) return Promise.resolve(record);
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(runId) ?? new Set();
      this.#waiters.set(runId, waiters);
      const done = (result: RunRecord | undefined) => {
        clearTimeout(timer);
        waiters.delete(done);
        signal?.removeEventListener("abort", onAbort);
        resolve(result);
      };
      const onAbort = () => done(undefined);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      waiters.add(done);
    });
  }

  /** Drops old records so memory stays flat. */
  sweep(now: number): void {
    for (const [runId, record] of this.#runs) {
      const age = now - (record.endedAt ?? record.acceptedAt);
      if (
        age > (record.endedAt === undefined ? KEEP_PENDING_MS : KEEP_FINISHED_MS) &&
        !this.#waiters.has(runId)
      )
        this.#runs.delete(runId);
    }
  }
}
