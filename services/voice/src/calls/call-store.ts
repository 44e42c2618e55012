import {
  Buckets,
  BusError,
  BusErrorCode,
  isRevisionConflict,
  TypedBucket,
  updateWithRetry,
  type Bus,
} from "@clawfleet/bus";
import {
  activeCallsSchema,
  admitCall,
  liveCallIds,
  releaseCall,
  type Admission,
} from "../domain/active-calls.js";
import { storedCallSchema, type StoredCall } from "../domain/stored-call.js";

const ACTIVE_KEY = "active";
const CAS_ATTEMPTS = 20;

/** The KV key of a call. */
export function callKey(callId: string): string {
  return `call.${callId}`;
}

/** Whether a call id can be a KV key and a subject token. */
export function isValidCallId(callId: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(callId);
}

/** A write computed from the current record: the next record (unchanged = no write) and a result. */
export type CallMutation<R> = (call: StoredCall) => { call: StoredCall; result: R };

/**
 * Call state in KV `voice-calls`: one record per call (`call.<id>`) and the set of live calls
 * (`active`) that enforces `maxConcurrentCalls` cluster-wide. Every write is a compare-and-set, so
 * any voice instance may handle any webhook of any call.
 */
export class CallStore {
  private constructor(
    private readonly calls: TypedBucket<typeof storedCallSchema>,
    private readonly active: TypedBucket<typeof activeCallsSchema>,
  ) {}

  /** Opens the provisioned bucket. */
  static async open(bus: Bus): Promise<CallStore> {
    const calls = await TypedBucket.open(bus, Buckets.VoiceCalls, storedCallSchema);
    return new CallStore(
      calls,
      new TypedBucket(calls.kv, activeCallsSchema, Buckets.VoiceCalls.name),
    );
  }

  /** A call by id, if known. */
  async get(callId: string): Promise<StoredCall | undefined> {
    return (await this.calls.get(callKey(callId)))?.value;
  }

  /** Stores a new call; false when a call with this id exists already. */
  async create(call: StoredCall): Promise<boolean> {
    try {
      await this.calls.create(callKey(call.callId), call);
      return true;
    } catch (error) {
      if (isRevisionConflict(error)) return false;
      throw error;
    }
  }

  /**
   * Applies `mutate` to the current record with compare-and-set, re-reading on a conflict. `before`
   * runs with each computed result before the write (to do an idempotent side effect first).
   * Undefined when the call does not exist.
   */
  async update<R>(
    callId: string,
    mutate: CallMutation<R>,
    before?: (result: R, call: StoredCall) => Promise<void>,
  ): Promise<{ call: StoredCall; previous: StoredCall; result: R } | undefined> {
    for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
      const current = await this.calls.get(callKey(callId));
      if (!current) return undefined;
      const { call, result } = mutate(current.value);
      await before?.(result, current.value);
      if (call === current.value) return { call, previous: current.value, result };
      try {
        await this.calls.update(callKey(callId), call, current.revision);
        return { call, previous: current.value, result };
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    throw new BusError(
      BusErrorCode.Conflict,
      `call ${callId}: still conflicting after ${CAS_ATTEMPTS} attempts`,
    );
  }

  /** Takes a capacity slot for the call (see {@link admitCall}). */
  async admit(callId: string, max: number, now: number, holdMs: number): Promise<Admission> {
    let admission: Admission = { ok: false, active: 0 };
    await updateWithRetry(
      this.active,
      ACTIVE_KEY,
      (current) => {
        admission = admitCall(current, callId, max, now, holdMs);
        return admission.ok ? admission.next : undefined;
      },
      CAS_ATTEMPTS,
    );
    return admission;
  }

  /** Frees the call's capacity slot. */
  async release(callId: string, now: number): Promise<void> {
    await updateWithRetry(
      this.active,
      ACTIVE_KEY,
      (current) => releaseCall(current, callId, now),
      CAS_ATTEMPTS,
    );
  }

  /** Ids of the calls holding a live slot. */
  async liveIds(now: number): Promise<string[]> {
    return liveCallIds((await this.active.get(ACTIVE_KEY))?.value, now);
  }

  /** Ids of every call with a slot, expired ones included (for the reaper). */
  async slotIds(): Promise<string[]> {
    return Object.keys((await this.active.get(ACTIVE_KEY))?.value.calls ?? {});
  }

  /** Up to `limit` calls, newest first (reads at most `scan` records). */
  async list(limit: number, scan = 500): Promise<StoredCall[]> {
    const keys = (await this.calls.keys("call.>")).slice(-scan);
    const records = await Promise.all(
      keys.map(async (key) => (await this.calls.get(key).catch(() => undefined))?.value),
    );
    return records
      .filter((call): call is StoredCall => call !== undefined)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit);
  }
}
