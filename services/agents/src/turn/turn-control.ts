/** Why a turn was stopped before it finished. */
export const StopReason = {
  /** `/stop` or `chat.abort`: end the turn, answer nothing more. */
  User: "user",
  Timeout: "timeout",
  /** This worker is shutting down: hand the session back so another worker redoes the turn. */
  Shutdown: "shutdown",
  /** The lease could not be renewed: another worker may own the session now. */
  LeaseLost: "lease_lost",
} as const;
/** One of the stop reasons. */
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

/** The abort switch of one running turn, with the reason it was pulled. */
export class TurnControl {
  readonly #controller = new AbortController();
  #reason: StopReason | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly sessionKey: string,
    readonly runIds: readonly string[],
    timeoutMs: number,
  ) {
    this.#timer = setTimeout(() => this.stop(StopReason.Timeout), timeoutMs);
    this.#timer.unref();
  }

  /** Aborted when the turn must stop. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the turn was stopped, if it was. */
  get reason(): StopReason | undefined {
    return this.#reason;
  }

  /** Stops the turn (the first reason wins). */
  stop(reason: StopReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller.abort(new Error(reason));
  }

  /** Clears the timeout once the turn is over. */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}

/** The turns running in this process, by session, so `agent.abort` and shutdown can reach them. */
export class ActiveTurns {
  readonly #bySession = new Map<string, TurnControl>();
  /** Lease tokens of sessions this process holds now; a lease of ours missing here is stale. */
  readonly leaseTokens = new Set<string>();

  /** Registers a running turn; returns a function that unregisters it. */
  add(control: TurnControl): () => void {
    this.#bySession.set(control.sessionKey, control);
    return () => {
      if (this.#bySession.get(control.sessionKey) === control)
        this.#bySession.delete(control.sessionKey);
      control.dispose();
    };
  }

  /** Stops the running turn of a session (only the run with `runId` when one is given); true when one was stopped. */
  abort(sessionKey: string, runId: string | undefined, reason: StopReason): boolean {
    const control = this.#bySession.get(sessionKey);
    if (!control || (runId && !control.runIds.includes(runId))) return false;
    control.stop(reason);
    return true;
  }

  /** Stops every running turn (shutdown). */
  stopAll(reason: StopReason): void {
    for (const control of this.#bySession.values()) control.stop(reason);
  }

  /** Number of turns running now. */
  get size(): number {
    return this.#bySession.size;
  }
}
