/**
 * A one-shot timer for caller silence on a streamed call: armed when the assistant has finished
 * speaking and expects an answer, cleared when the caller starts talking or the call ends.
 */
export class IdleTimer {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: () => number,
    private readonly onIdle: () => void,
  ) {}

  /** Starts (or restarts) the wait. */
  arm(): void {
    this.clear();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.onIdle();
    }, this.delayMs());
    this.#timer.unref();
  }

  /** Stops the wait, if one is running. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
