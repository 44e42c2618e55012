import { randomUUID } from "node:crypto";
import {
  isRevisionConflict,
  leaseStale,
  sessionStateSchema,
  type SessionLease,
  type SessionState,
  type TypedBucket,
} from "@clawfleet/bus";
import { parseSessionKey, sessionToken } from "@clawfleet/core";
import { LeaseLostError } from "../../errors.js";
import type { KnownStates } from "./known-states.js";

/** The sessions bucket, typed. */
export type SessionBucket = TypedBucket<typeof sessionStateSchema>;

/** Whether a lease's holder has stopped renewing it (the bus's one rule, {@link leaseStale}). */
export function leaseExpired(lease: SessionLease, now: number): boolean {
  return leaseStale(lease, now);
}

/** A fresh state for a session seen for the first time. */
export function newSessionState(key: string, now: number): SessionState {
  const parsed = parseSessionKey(key);
  return sessionStateSchema.parse({
    key,
    agentId: parsed.ok ? parsed.key.agentId : "main",
    sessionId: randomUUID(),
    createdAt: now,
    updatedAt: now,
  });
}

/** What {@link SessionHold.acquire} found: the lease is ours, someone else's, or there is nothing to do. */
export type AcquireResult = { held: SessionHold } | { busy: SessionState } | { idle: SessionState };

/** Options of a hold. */
export interface HoldOptions {
  holder: string;
  ttlMs: number;
  /**
   * Tokens of the leases this process holds (or is taking) now. A lease under this process's name
   * whose token is missing here is stale (its turn ended without releasing) and may be taken at once.
   * A new lease's token is added before it is written, so a concurrent acquire here never sees it as stale.
   */
  ownTokens: Set<string>;
  /** Whether an existing state still has work (pending input or an unflushed turn); false = leave it alone. */
  hasWork?: (state: SessionState) => boolean;
  /** Token of a lease whose holder was found gone: taken over like an expired one (by compare-and-set). */
  orphaned?: string;
  /** States this worker wrote last: tried first, saving the read. */
  known?: KnownStates;
  now?: () => number;
}

/**
 * This worker's hold on one session: the lease lives in the session state itself, so every write
 * (renewal, commit, release) is a compare-and-set that also proves the lease is still ours. A write
 * that finds someone else's lease throws {@link LeaseLostError}; one that finds a concurrent change
 * by an RPC (reset) re-reads and re-applies. Writes are serialized.
 */
export class SessionHold {
  #value: SessionState;
  #revision: number;
  #chain: Promise<unknown> = Promise.resolve();
  #lastWriteOk: number;
  #timer: NodeJS.Timeout | undefined;
  #renewing = false;
  #lost = false;

  private constructor(
    private readonly bucket: SessionBucket,
    readonly token: string,
    readonly lease: SessionLease,
    value: SessionState,
    revision: number,
    private readonly now: () => number,
    private readonly known: KnownStates | undefined,
  ) {
    this.#value = value;
    this.#revision = revision;
    this.#lastWriteOk = now();
  }

  /** Takes the session's lease when it is free, expired, orphaned, or a stale one of ours; else reports the state as busy (or idle). */
  static async acquire(
    bucket: SessionBucket,
    key: string,
    options: HoldOptions,
  ): Promise<AcquireResult> {
    const now = options.now ?? Date.now;
    const token = sessionToken(key);
    for (let attempt = 0; attempt < 5; attempt++) {
      // Only the first attempt trusts the remembered state; a conflict means it is stale.
      const remembered = attempt === 0 ? options.known?.get(token) : undefined;
      const current = remembered ?? (await bucket.get(token));
      const at = now();
      const lease = current?.value.lease;
      if (current && options.hasWork && !options.hasWork(current.value))
        return { idle: current.value };
      const staleOwn =
        lease !== undefined &&
        lease.holder === options.holder &&
        !options.ownTokens.has(lease.token);
      const orphaned = lease !== undefined && lease.token === options.orphaned;
      if (current && lease && !leaseExpired(lease, at) && !staleOwn && !orphaned)
        return { busy: current.value };
      const mine: SessionLease = {
        holder: options.holder,
        token: randomUUID(),
        acquiredAt: at,
        renewedAt: at,
        ttlMs: options.ttlMs,
      };
      const value: SessionState = { ...(current?.value ?? newSessionState(key, at)), lease: mine };
      options.ownTokens.add(mine.token);
      try {
        const revision = current
          ? await bucket.update(token, value, current.revision)
          : await bucket.create(token, value);
        options.known?.remember(token, value, revision);
        return { held: new SessionHold(bucket, token, mine, value, revision, now, options.known) };
      } catch (error) {
        options.ownTokens.delete(mine.token);
        options.known?.forget(token);
        if (!isRevisionConflict(error)) throw error;
      }
    }
    const latest = await bucket.get(token);
    return { busy: latest?.value ?? newSessionState(key, now()) };
  }

  /** The state as last written or read by this hold. */
  get value(): SessionState {
    return this.#value;
  }

  /** False once a write found the lease taken, or renewals failed for most of the TTL. */
  get held(): boolean {
    return !this.#lost && this.now() - this.#lastWriteOk < this.lease.ttlMs * 0.8;
  }

  /** Applies `mutate` to the latest state with compare-and-set; the lease stays ours (or this throws). */
  update(mutate: (state: SessionState) => SessionState): Promise<SessionState> {
    const run = () => this.#write(mutate);
    const result = this.#chain.then(run, run);
    this.#chain = result.catch(() => {});
    return result;
  }

  /** Renews every `everyMs` while held; calls `onLost` once the lease is gone or could not be renewed for 80 % of the TTL. */
  keepAlive(everyMs: number, onLost: () => void): void {
    this.#timer = setInterval(() => {
      if (!this.held) {
        this.#stopTimer();
        onLost();
        return;
      }
      if (this.#renewing) return;
      this.#renewing = true;
      this.update((s) => ({ ...s, lease: { ...this.lease, renewedAt: this.now() } }))
        .catch(() => undefined)
        .finally(() => (this.#renewing = false));
    }, everyMs);
    this.#timer.unref();
  }

  /** Gives the lease up (and clears whatever `mutate` says in the same write); a lost lease is not an error here. */
  async release(mutate: (state: SessionState) => SessionState = (s) => s): Promise<void> {
    this.#stopTimer();
    try {
      await this.update((s) => {
        const { lease: _lease, ...rest } = mutate(s);
        return rest;
      });
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
    }
    this.#lost = true;
  }

  async #write(mutate: (state: SessionState) => SessionState): Promise<SessionState> {
    for (let attempt = 0; attempt < 10; attempt++) {
      if (this.#lost) throw new LeaseLostError(this.#value.key);
      // Validated (and encoded) once by the bucket; the value derives from a parsed state, so defaults are present.
      const next = mutate(this.#value);
      try {
        this.#revision = await this.bucket.update(this.token, next, this.#revision);
        this.#value = next;
        this.#lastWriteOk = this.now();
        this.known?.remember(this.token, next, this.#revision);
        return next;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
        this.known?.forget(this.token);
        const fresh = await this.bucket.get(this.token);
        if (!fresh || fresh.value.lease?.token !== this.lease.token) {
          this.#lost = true;
          this.#stopTimer();
          throw new LeaseLostError(this.#value.key);
        }
        this.#value = fresh.value;
        this.#revision = fresh.revision;
      }
    }
    throw new LeaseLostError(this.#value.key);
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
