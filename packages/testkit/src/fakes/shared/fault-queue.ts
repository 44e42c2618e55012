/** A fault every fake understands: answer late, or cut the connection without an answer. */
export type CommonFault =
  { readonly kind: "delay"; readonly ms: number } | { readonly kind: "drop" };

interface Armed<F> {
  readonly target: string;
  readonly fault: F;
  remaining: number;
}

/** Wildcard target: the fault applies to whatever call comes next. */
export const AnyTarget = "*";

/**
 * Faults armed for the next N calls of a target (a method or route name); each matching call
 * takes one, oldest armed first.
 */
export class FaultQueue<F> {
  readonly #armed: Armed<F>[] = [];

  /** Arms `fault` for the next `times` calls of `target` (`"*"` = any). */
  add(target: string, fault: F, times = 1): void {
    if (times > 0) this.#armed.push({ target, fault, remaining: times });
  }

  /** Takes the next fault armed for `target`, if any. */
  take(target: string): F | undefined {
    const index = this.#armed.findIndex((a) => a.target === target || a.target === AnyTarget);
    const armed = this.#armed[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed.splice(index, 1);
    return armed.fault;
  }

  /** Disarms everything. */
  clear(): void {
    this.#armed.length = 0;
  }
}
