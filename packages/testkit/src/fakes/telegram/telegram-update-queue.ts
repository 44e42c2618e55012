import { TelegramApiError } from "./telegram-types.js";
import type { TgUpdate } from "./telegram-types.js";

/** What getUpdates asks for (already parsed). */
export interface PollRequest {
  offset: number;
  limit: number;
  timeoutSeconds: number;
}

interface HeldPoll {
  readonly wake: () => void;
  readonly terminate: () => void;
}

/** Description Telegram gives the poll that another getUpdates call replaced. */
export const ConflictTerminated =
  "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

/**
 * The unconfirmed updates of one bot and its single long-poll slot: a new getUpdates call
 * ends the one held before it with 409, as Telegram does, and confirmed updates (below the
 * offset) are forgotten.
 */
export class UpdateQueue {
  readonly #updates: TgUpdate[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #holdWaiters = new Set<() => void>();
  #nextId: number;
  #held: HeldPoll | null = null;

  constructor(firstUpdateId: number) {
    this.#nextId = firstUpdateId;
  }

  /** Unconfirmed updates, oldest first. */
  get pending(): readonly TgUpdate[] {
    return this.#updates;
  }

  /** Appends an update with the next update_id and wakes the held poll and listeners. */
  push(body: Omit<TgUpdate, "update_id">): TgUpdate {
    const update = { update_id: this.#nextId++, ...body } as TgUpdate;
    this.#updates.push(update);
    this.#held?.wake();
    for (const listener of this.#listeners) listener();
    return update;
  }

  /** Calls `listener` after every push; returns the unsubscribe function. */
  onPush(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets updates below `offset`; a negative offset keeps only the last `-offset` updates. */
  confirm(offset: number): void {
    if (offset > 0) {
      while (this.#updates.length > 0 && (this.#updates[0]?.update_id ?? Infinity) < offset)
        this.#updates.shift();
    } else if (offset < 0) {
      this.#updates.splice(0, Math.max(0, this.#updates.length + offset));
    }
  }

  /** Removes one delivered update (webhook delivery confirms one at a time). */
  remove(updateId: number): void {
    const index = this.#updates.findIndex((u) => u.update_id === updateId);
    if (index >= 0) this.#updates.splice(index, 1);
  }

  /** Drops every pending update (`drop_pending_updates`). */
  dropAll(): void {
    this.#updates.length = 0;
  }

  /** Whether a getUpdates call is being held right now (a poller is connected). */
  get polling(): boolean {
    return this.#held !== null;
  }

  /** Resolves once a getUpdates call is held (immediately if one is); rejects after `timeoutMs`. */
  waitForPoll(timeoutMs = 5_000): Promise<void> {
    if (this.#held) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#holdWaiters.delete(waiter);
        reject(new Error(`telegram fake: no getUpdates call held within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#holdWaiters.add(waiter);
    });
  }

  /** Ends a held poll with 409 (used when a webhook is set while someone polls). */
  terminateHeld(): void {
    this.#held?.terminate();
  }

  /**
   * Answers getUpdates: confirms the offset, replaces any held poll, then waits up to the
   * timeout for updates. `signal` aborts when the client goes away or the fake stops.
   */
  async poll(request: PollRequest, signal: AbortSignal): Promise<TgUpdate[]> {
    this.confirm(request.offset);
    this.#held?.terminate();
    const ready = (): TgUpdate[] => this.#updates.slice(0, request.limit);
    if (ready().length > 0 || request.timeoutSeconds <= 0) return ready();
    const outcome = await new Promise<"ready" | "timeout" | "terminated" | "aborted">((resolve) => {
      const timer = setTimeout(() => finish("timeout"), request.timeoutSeconds * 1_000);
      const onAbort = (): void => finish("aborted");
      const held: HeldPoll = { wake: () => finish("ready"), terminate: () => finish("terminated") };
      const finish = (result: "ready" | "timeout" | "terminated" | "aborted"): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.#held === held) this.#held = null;
        resolve(result);
      };
      this.#held = held;
      if (signal.aborted) return finish("aborted");
      signal.addEventListener("abort", onAbort, { once: true });
      for (const waiter of this.#holdWaiters) waiter();
      this.#holdWaiters.clear();
    });
    if (outcome === "terminated") throw new TelegramApiError(409, ConflictTerminated);
    return outcome === "aborted" ? [] : ready();
  }
}
