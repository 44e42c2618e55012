import { ModelFailure } from "../../errors.js";
import type { ModelRef } from "./model-ref.js";

/** What the turn does after a model failed. */
export interface FailoverDecision {
  /** Try the next candidate (false: report the error to the user now). */
  failover: boolean;
  /**
   * Skip this model (`scope: model`) or every model of its provider (`scope: provider`) for `ms`.
   * A `hard` cooldown (the provider said when, or retrying is pointless) is waited out even when no
   * other model is left; a soft one only steers the choice while alternatives exist.
   */
  cooldown?: { scope: "model" | "provider"; ms: number; hard: boolean };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Cooldown when a failure says nothing about when to come back. */
export const DEFAULT_COOLDOWN_MS = 30 * SECOND;

/**
 * Decides failover and cooldown per failure kind: rate limits, overload, 5xx, timeouts and
 * connection errors fail over and cool the model down for `retry-after` (else 30 s); a spend
 * limit cools the whole provider for 30 min and is never retried there; bad keys and unknown
 * models fail over with a longer cooldown; a 400-class request error is reported, not retried.
 */
export function decideFailover(kind: ModelFailure, retryAfterMs?: number): FailoverDecision {
  const told = retryAfterMs !== undefined && retryAfterMs > 0;
  const wait = told ? retryAfterMs : DEFAULT_COOLDOWN_MS;
  switch (kind) {
    case ModelFailure.RateLimit:
    case ModelFailure.Overloaded:
    case ModelFailure.Server:
    case ModelFailure.Timeout:
    case ModelFailure.Connection:
      return { failover: true, cooldown: { scope: "model", ms: wait, hard: told } };
    case ModelFailure.SpendLimit:
      return { failover: true, cooldown: { scope: "provider", ms: 30 * MINUTE, hard: true } };
    case ModelFailure.Auth:
      return { failover: true, cooldown: { scope: "provider", ms: 5 * MINUTE, hard: true } };
    case ModelFailure.NotFound:
      return { failover: true, cooldown: { scope: "model", ms: 10 * MINUTE, hard: true } };
    case ModelFailure.Config:
      return { failover: true };
    case ModelFailure.BadRequest:
    case ModelFailure.ContextOverflow:
    case ModelFailure.Aborted:
      return { failover: false };
  }
}

/**
 * Models (and providers) to skip for a while after they failed, so the next turn goes straight
 * to a working fallback. Per process: each worker learns on its own.
 */
export class ModelCooldowns {
  readonly #until = new Map<string, { until: number; hardUntil: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a cooldown (keeps the later end when one is already running). */
  add(ref: ModelRef, cooldown: NonNullable<FailoverDecision["cooldown"]>): void {
    const key = cooldown.scope === "provider" ? `provider:${ref.provider}` : `model:${ref.ref}`;
    const end = this.now() + cooldown.ms;
    const current = this.#until.get(key) ?? { until: 0, hardUntil: 0 };
    this.#until.set(key, {
      until: Math.max(current.until, end),
      hardUntil: cooldown.hard ? Math.max(current.hardUntil, end) : current.hardUntil,
    });
  }

  /** Milliseconds until the model should be used again (0 = usable now). */
  remainingMs(ref: ModelRef): number {
    return this.#remaining(ref, "until");
  }

  /** Milliseconds the provider asked us to stay away (retry-after, spend limit); soft cooldowns count 0. */
  hardRemainingMs(ref: ModelRef): number {
    return this.#remaining(ref, "hardUntil");
  }

  /** Forgets a model's cooldown after it answered. */
  clear(ref: ModelRef): void {
    this.#until.delete(`model:${ref.ref}`);
  }

  #remaining(ref: ModelRef, field: "until" | "hardUntil"): number {
    const model = this.#until.get(`model:${ref.ref}`)?.[field] ?? 0;
    const provider = this.#until.get(`provider:${ref.provider}`)?.[field] ?? 0;
    return Math.max(0, Math.max(model, provider) - this.now());
  }
}

/**
 * Picks the model for the next attempt: the first untried one not cooling down, else the untried
 * one the provider lets us back to first (soft cooldowns count as ready then). Once every model was
 * tried, only a model the provider told when to come back (retry-after) is tried again, after that wait.
 */
export function nextCandidate(
  candidates: readonly ModelRef[],
  tried: ReadonlySet<string>,
  cooldowns: ModelCooldowns,
): { ref: ModelRef; waitMs: number } | undefined {
  const untried = candidates.filter((ref) => !tried.has(ref.ref));
  const ready = untried.find((ref) => cooldowns.remainingMs(ref) === 0);
  if (ready) return { ref: ready, waitMs: 0 };
  const pool =
    untried.length > 0 ? untried : candidates.filter((ref) => cooldowns.hardRemainingMs(ref) > 0);
  let best: { ref: ModelRef; waitMs: number } | undefined;
  for (const ref of pool) {
    const waitMs = cooldowns.hardRemainingMs(ref);
    if (!best || waitMs < best.waitMs) best = { ref, waitMs };
  }
  return best;
}
