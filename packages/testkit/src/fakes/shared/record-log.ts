/** Options of `RecordLog.waitFor`. */
export interface WaitForOptions {
  /** How many matching records to wait for. */
  count?: number;
  /** Give up after this many milliseconds. */
  timeoutMs?: number;
}

/** Defaults of `WaitForOptions`. */
export const DefaultWaitForOptions = {
  count: 1,
  timeoutMs: 5_000,
} as const satisfies Required<WaitForOptions>;

interface Waiter<T> {
  readonly predicate: (item: T) => boolean;
  readonly count: number;
  readonly resolve: (items: T[]) => void;
}

/** An append-only list of what a fake saw, with promises that resolve when enough matching records exist. */
export class RecordLog<T> {
  readonly #items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #label: string;

  constructor(label: string) {
    this.#label = label;
  }

  /** Appends a record and wakes the waiters it satisfies. */
  push(item: T): void {
    this.#items.push(item);
    for (const waiter of this.#waiters) {
      const matches = this.#items.filter(waiter.predicate);
      if (matches.length >= waiter.count) {
        this.#waiters.delete(waiter);
        waiter.resolve(matches);
      }
    }
  }

  /** Every record so far, oldest first. */
  all(): readonly T[] {
    return [...this.#items];
  }

  /** The records that match `predicate`, oldest first. */
  filter(predicate: (item: T) => boolean): T[] {
    return this.#items.filter(predicate);
  }

  /** Forgets every record (waiters stay). */
  clear(): void {
    this.#items.length = 0;
  }

  /**
   * Resolves with the matching records once at least `count` exist; rejects after `timeoutMs`
   * with a message that lists what was recorded instead.
   */
  waitFor(
    predicate: (item: T) => boolean = () => true,
    options: WaitForOptions = {},
  ): Promise<T[]> {
    const { count, timeoutMs } = { ...DefaultWaitForOptions, ...options };
    const present = this.#items.filter(predicate);
    if (present.length >= count) return Promise.resolve(present);
    return new Promise<T[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.#items.filter(predicate).length;
        reject(
          new Error(
            `${this.#label}: waited ${timeoutMs} ms for ${count} matching record(s), saw ${seen} of ${this.#items.length} total`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter<T> = {
        predicate,
        count,
        resolve: (items) => {
          clearTimeout(timer);
          resolve(items);
        },
      };
      this.#waiters.add(waiter);
    });
  }
}
