/** What every clawfleet error may carry beyond its code and message. */
export interface ClawErrorOptions {
  /** Whether repeating the same call may succeed. */
  retryable?: boolean;
  /** How long to wait before repeating, when the failing side said so. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error protocol of clawfleet: a stable `code`, whether retrying may help, how long to wait,
 * and the cause. Each package's error base extends it with its own code union; the bus boundaries
 * (request/reply and work queues) read these fields from any of them.
 */
export class ClawError<C extends string = string> extends Error {
  override name = "ClawError";
  /** Stable, machine-readable reason. */
  readonly code: C;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: C, message: string, options: ClawErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The message of anything thrown (an Error's message, else the value as text), for logs and replies. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
