/** Named readiness conditions; the process is ready when all are met. */
export class Readiness {
  readonly #checks = new Map<string, { ok: boolean; detail?: string }>();

  /** Declares a condition (initially unmet unless `ok`). */
  declare(name: string, ok = false, detail?: string): void {
    this.#checks.set(name, { ok, detail });
  }

  /** Marks a condition met or unmet, with an optional reason shown on `/readyz`. */
  set(name: string, ok: boolean, detail?: string): void {
    this.#checks.set(name, { ok, detail });
  }

  /** Forgets a condition (a stopped component). */
  remove(name: string): void {
    this.#checks.delete(name);
  }

  /** Whether every condition is met. */
  get ready(): boolean {
    return [...this.#checks.values()].every((check) => check.ok);
  }

  /** Unmet conditions with their reasons, for `/readyz`. */
  failing(): string[] {
    return [...this.#checks.entries()]
      .filter(([, c]) => !c.ok)
      .map(([name, c]) => (c.detail ? `${name}: ${c.detail}` : name));
  }
}
