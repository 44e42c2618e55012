/** Limits of one connection's requests after login. */
export interface RequestLimits {
  /** Requests per second sustained (token bucket refill). */
  readonly requestsPerSecond: number;
  /** Requests that may arrive at once above the sustained rate (bucket size). */
  readonly requestBurst: number;
  /** Requests served at once; more are refused until one finishes. */
  readonly maxInFlight: number;
}

/** Why a request was refused, and when to try again. */
export interface RequestRefusal {
  reason: "rate" | "in-flight";
  retryAfterMs: number;
}

/**
 * One connection's request budget: a token bucket for the rate and a counter of requests in
 * flight. `admit` either takes a token and a slot (call the returned `done` when the request ends)
 * or says why not and for how long.
 */
export class RequestLimiter {
  #tokens: number;
  #updatedAt: number;
  #inFlight = 0;

  constructor(
    private readonly limits: RequestLimits,
    now = Date.now(),
  ) {
    this.#tokens = limits.requestBurst;
    this.#updatedAt = now;
  }

  /** Requests being served now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Admits one request now, or returns why it is refused. */
  admit(now = Date.now()): { done: () => void } | RequestRefusal {
    this.#refill(now);
    if (this.#inFlight >= this.limits.maxInFlight)
      return { reason: "in-flight", retryAfterMs: 100 };
    if (this.#tokens < 1)
      return {
        reason: "rate",
        retryAfterMs: Math.ceil(((1 - this.#tokens) * 1000) / this.limits.requestsPerSecond),
      };
    this.#tokens -= 1;
    this.#inFlight++;
    let finished = false;
    return {
      done: () => {
        if (finished) return;
        finished = true;
        this.#inFlight--;
      },
    };
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(
      this.limits.requestBurst,
      this.#tokens + (elapsed * this.limits.requestsPerSecond) / 1000,
    );
  }
}
