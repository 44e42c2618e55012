import { createHash } from "node:crypto";

/** How long a `clawfleet dashboard` code may wait for its browser, as in OpenClaw (ten minutes). */
export const DASHBOARD_CODE_TTL_MS = 10 * 60_000;
/** Codes start with this, so the UI route tells them from a gateway token pasted into `?token=`. */
export const DASHBOARD_CODE_PREFIX = "cfo1_";
const MAX_PENDING = 64;

/** SHA-256 (hex) of a dashboard code: what the CLI sends over the bus, never the code itself. */
export function dashboardCodeHash(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/**
 * Pending one-time Control UI codes, kept by their SHA-256 only: each is accepted once, within
 * ten minutes. Bounded: past 64 pending codes the oldest is dropped.
 */
export class DashboardCodes {
  readonly #pending = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a code by its hash; returns when it expires. */
  register(codeSha256: string): number {
    this.#prune();
    while (this.#pending.size >= MAX_PENDING) {
      const oldest = this.#pending.keys().next().value;
      if (oldest === undefined) break;
      this.#pending.delete(oldest);
    }
    const expiresAt = this.now() + DASHBOARD_CODE_TTL_MS;
    this.#pending.set(codeSha256, expiresAt);
    return expiresAt;
  }

  /** Uses a code up: true the first time within its lifetime, false ever after. */
  redeem(code: string): boolean {
    const hash = dashboardCodeHash(code);
    const expiresAt = this.#pending.get(hash);
    this.#pending.delete(hash);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  #prune(): void {
    const now = this.now();
    for (const [hash, expiresAt] of this.#pending) if (expiresAt <= now) this.#pending.delete(hash);
  }
}
