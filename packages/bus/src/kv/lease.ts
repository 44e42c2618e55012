import * as z from "zod";
import { isRevisionConflict, type TypedBucket } from "./typed-bucket.js";

/** What a lease key holds. */
export const leaseRecordSchema = z.object({
  holder: z.string().min(1),
  acquiredAt: z.number(),
  renewedAt: z.number(),
  ttlMs: z.number().positive(),
});

/** A lease record. */
export type LeaseRecord = z.infer<typeof leaseRecordSchema>;

/** A bucket of lease records. */
export type LeaseBucket = TypedBucket<typeof leaseRecordSchema>;

/** Clock skew between machines that a lease tolerates before trusting `renewedAt` alone. */
export const LEASE_CLOCK_SKEW_MS = 2000;

/**
 * The one lease-expiry rule every reader applies: a record whose holder has not renewed it within
 * its TTL plus {@link LEASE_CLOCK_SKEW_MS} is stale. (A {@link Lease} also expires a record it has
 * seen unchanged for a whole TTL, so a clock running behind cannot keep a dead holder alive.)
 */
export function leaseStale(record: { renewedAt: number; ttlMs: number }, now: number): boolean {
  return now - record.renewedAt > record.ttlMs + LEASE_CLOCK_SKEW_MS;
}

/**
 * A lease on one key: at most one holder at a time cluster-wide. Every write is a compare-and-set
 * on the key's revision, so the revision is a fencing token. A lease counts as expired when its
 * holder has not renewed it for `ttlMs` — judged both from `renewedAt` (with skew allowance) and
 * from how long this process has seen the same revision, so skewed clocks can't cause overlap.
 */
export class Lease {
  #revision: number | undefined;
  #lastRenewAt = 0;
  #observed: { revision: number; since: number } | undefined;

  constructor(
    private readonly bucket: LeaseBucket,
    readonly key: string,
    readonly holder: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The fencing token while held (the key's revision), else undefined. */
  get revision(): number | undefined {
    return this.#revision;
  }

  /** Whether this process believes it holds the lease: it renewed within the TTL minus a safety margin. */
  get held(): boolean {
    return this.#revision !== undefined && this.now() - this.#lastRenewAt < this.ttlMs * 0.8;
  }

  /** Tries once to take the lease (free, expired, or already ours); true when held afterwards. */
  async tryAcquire(): Promise<boolean> {
    const current = await this.bucket.get(this.key);
    const now = this.now();
    if (
      current &&
      current.value.holder !== this.holder &&
      !this.#isExpired(current.value, current.revision, now)
    )
      return false;
    const record: LeaseRecord = {
      holder: this.holder,
      acquiredAt: now,
      renewedAt: now,
      ttlMs: this.ttlMs,
    };
    try {
      this.#revision = current
        ? await this.bucket.update(this.key, record, current.revision)
        : await this.bucket.create(this.key, record);
      this.#lastRenewAt = now;
      return true;
    } catch (error) {
      if (isRevisionConflict(error)) return false;
      throw error;
    }
  }

  /** Extends a held lease; false (and no longer held) when someone else took it meanwhile. */
  async renew(): Promise<boolean> {
    if (this.#revision === undefined) return false;
    const now = this.now();
    const current = await this.bucket.get(this.key);
    if (!current || current.revision !== this.#revision || current.value.holder !== this.holder) {
      this.#revision = undefined;
      return false;
    }
    try {
      this.#revision = await this.bucket.update(
        this.key,
        { ...current.value, renewedAt: now },
        current.revision,
      );
      this.#lastRenewAt = now;
      return true;
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
      this.#revision = undefined;
      return false;
    }
  }

  /** Gives the lease up at once, so a standby can take it without waiting for expiry. */
  async release(): Promise<void> {
    const revision = this.#revision;
    this.#revision = undefined;
    if (revision === undefined) return;
    try {
      await this.bucket.delete(this.key, revision);
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
    }
  }

  /** Forgets the lease locally without touching the bucket (after losing contact for too long). */
  abandon(): void {
    this.#revision = undefined;
  }

  #isExpired(record: LeaseRecord, revision: number, now: number): boolean {
    if (leaseStale(record, now)) return true;
    if (!this.#observed || this.#observed.revision !== revision) {
      this.#observed = { revision, since: now };
      return false;
    }
    return now - this.#observed.since > record.ttlMs;
  }
}
