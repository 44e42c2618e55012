/**
 * Fires `onStall` when a streaming reply has been silent for `timeoutMs`: armed when a message is
 * sent, re-armed by every frame of the session, cleared when the reply ends.
 */
export class StallWatch {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly onStall: () => void,
  ) {}

  /** Starts (or restarts) the countdown. */
  arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.onStall();
    }, this.timeoutMs());
  }

  /** A frame arrived: restarts the countdown when one runs. */
  touch(): void {
    if (this.#timer !== undefined) this.arm();
  }

  /** The reply ended: no countdown. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
