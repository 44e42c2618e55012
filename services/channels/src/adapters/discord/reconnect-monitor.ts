/** Reconnects within this window that count as a storm. */
const STORM_WINDOW_MS = 60_000;
const STORM_THRESHOLD = 5;

/** Counts gateway reconnects and reports a storm (≥ 5 within a minute) once per window. */
export class ReconnectMonitor {
  #times: number[] = [];
  #reportedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onStorm: (count: number, windowMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one reconnect. */
  reconnecting(): void {
    const now = this.now();
    this.#times = [...this.#times.filter((t) => now - t < STORM_WINDOW_MS), now];
    if (this.#times.length >= STORM_THRESHOLD && now - this.#reportedAt >= STORM_WINDOW_MS) {
      this.#reportedAt = now;
      this.onStorm(this.#times.length, STORM_WINDOW_MS);
    }
  }
}
