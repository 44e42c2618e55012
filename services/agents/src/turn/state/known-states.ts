import type { Revisioned, SessionState } from "@clawfleet/bus";

/** How many sessions' last written state a worker remembers. */
const CAPACITY = 2048;

/**
 * The session states this worker last wrote, with their revisions: the next turn of such a session
 * tries its compare-and-set on that revision directly (one round trip instead of read + write), and
 * a signal for input this worker already answered is recognised without any. A stale entry only
 * costs a failed compare-and-set; it can never make a write succeed wrongly.
 */
export class KnownStates {
  readonly #states = new Map<string, Revisioned<SessionState>>();

  /** The remembered state of a session, if any. */
  get(token: string): Revisioned<SessionState> | undefined {
    return this.#states.get(token);
  }

  /** Remembers what this worker just wrote. */
  remember(token: string, value: SessionState, revision: number): void {
    this.#states.delete(token);
    this.#states.set(token, { value, revision });
    if (this.#states.size > CAPACITY) this.#states.delete(this.#states.keys().next().value!);
  }

  /** Forgets a session (its remembered revision proved stale). */
  forget(token: string): void {
    this.#states.delete(token);
  }
}
