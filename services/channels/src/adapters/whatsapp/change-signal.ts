/** Wakes waiters whenever something they watch may have changed (QR rotated, connected, login failed). */
export class ChangeSignal {
  readonly #waiters = new Set<() => void>();

  /** Tells every waiter to look again. */
  notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Resolves with `check()` once it returns a value, or undefined after `timeoutMs` (may be Infinity) or on abort. */
  async waitFor<T>(
    check: () => T | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        // Beyond setTimeout's range (an open-ended wait) only a change or the abort wakes it.
        const timer = left < 2 ** 31 ? setTimeout(done, left) : undefined;
        this.#waiters.add(done);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }
}
