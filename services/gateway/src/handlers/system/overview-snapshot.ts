/**
 * A value gathered at most once per `maxAgeMs`, however many callers ask: concurrent callers share
 * one gathering, later ones get the last result until it is older than `maxAgeMs`. `health` and
 * `status` read the cluster through it, so a flood of calls makes no flood of bus requests.
 */
export class Snapshot<T> {
  #value: { at: number; value: T } | undefined;
  #gathering: Promise<T> | undefined;

  constructor(
    private readonly gather: () => Promise<T>,
    private readonly maxAgeMs: number,
  ) {}

  /** The last value when fresh enough, else the one being (or now) gathered. */
  get(now = Date.now()): Promise<T> {
    if (this.#value && now - this.#value.at <= this.maxAgeMs)
      return Promise.resolve(this.#value.value);
    this.#gathering ??= this.gather()
      .then((value) => {
        this.#value = { at: Date.now(), value };
        return value;
      })
      .finally(() => (this.#gathering = undefined));
    return this.#gathering;
  }
}

/** How old the overview behind `health` and `status` may be. */
export const OVERVIEW_MAX_AGE_MS = 2000;
