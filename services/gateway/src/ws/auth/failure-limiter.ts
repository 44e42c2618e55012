/** Limits of a {@link FailureLimiter}. */
export interface FailureLimits {
  /** Failures allowed per key within the window before the key is blocked. */
  maxFailures: number;
  windowMs: number;
}

/** Default auth-failure limits: 10 wrong credentials per client address per minute. */
export const DefaultAuthFailureLimits: FailureLimits = { maxFailures: 10, windowMs: 60_000 };

/** Counts failures per key (client address) in a sliding window and blocks keys over the limit. */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly limits: FailureLimits = DefaultAuthFailureLimits) {}

  /** Keys with failures remembered now (old ones are pruned once many keys are tracked). */
  get trackedKeys(): number {
    return this.#failures.size;
  }

  /** Milliseconds until `key` may try again, or 0 when it is not blocked. */
  blockedFor(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.limits.maxFailures) return 0;
    return Math.max(
      1,
      recent[recent.length - this.limits.maxFailures]! + this.limits.windowMs - now,
    );
  }

  /** Records one failure of `key`. */
  fail(key: string, now: number): void {
    const recent = this.#recent(key, now);
    recent.push(now);
    this.#failures.set(key, recent);
    if (this.#failures.size > 10_000) this.#prune(now);
  }

  #recent(key: string, now: number): number[] {
    return (this.#failures.get(key) ?? []).filter((at) => now - at < this.limits.windowMs);
  }

  #prune(now: number): void {
    for (const [key, times] of this.#failures)
      if (times.every((at) => now - at >= this.limits.windowMs)) this.#failures.delete(key);
  }
}
