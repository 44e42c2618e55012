/** Limits of {@link SearchCache}. */
export const SearchCacheLimits = { maxEntries: 200 } as const;

interface Entry<V> {
  value: V;
  storedAt: number;
}

/**
 * Search results kept in memory by query: an entry is reused while younger than the TTL given on
 * read (so a shorter TTL takes effect at once, as OpenClaw's cacheTtlMinutes), at most
 * `maxEntries` kept, the least recently used dropped first.
 */
export class SearchCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(maxEntries: number = SearchCacheLimits.maxEntries, now: () => number = Date.now) {
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /** The value stored under `key` if younger than `ttlMs`; a TTL of 0 never hits. */
  get(key: string, ttlMs: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (ttlMs <= 0 || this.#now() - entry.storedAt >= ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` (nothing when `ttlMs` is 0), dropping the least recently used past the bound. */
  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, storedAt: this.#now() });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** How many entries are kept now. */
  get size(): number {
    return this.#entries.size;
  }
}
