import { ClawError, errorMessage, type ClawErrorOptions } from "@clawfleet/core";

/** Error codes that travel across request/reply; a const object with a derived union (STYLE.md 7). */
export const BusErrorCode = {
  InvalidPayload: "invalid_payload",
  BadRequest: "bad_request",
  NotFound: "not_found",
  Conflict: "conflict",
  Forbidden: "forbidden",
  RateLimited: "rate_limited",
  Unavailable: "unavailable",
  NoResponders: "no_responders",
  Timeout: "timeout",
  Internal: "internal",
} as const;

/** One of the bus error codes. */
export type BusErrorCode = (typeof BusErrorCode)[keyof typeof BusErrorCode];

const RETRYABLE_BY_DEFAULT: ReadonlySet<BusErrorCode> = new Set([
  BusErrorCode.RateLimited,
  BusErrorCode.Unavailable,
  BusErrorCode.NoResponders,
  BusErrorCode.Timeout,
  BusErrorCode.Internal,
]);

/** How an error travels across the bus: `{code, message, retryable, retryAfterMs?}`. */
export interface WireError {
  code: BusErrorCode;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** Options of a {@link BusError} beyond its code and message. */
export type BusErrorOptions = ClawErrorOptions;

/** Base class of every error the bus raises or rebuilds from a reply. */
export class BusError extends ClawError<BusErrorCode> {
  override name = "BusError";

  constructor(code: BusErrorCode, message: string, options: BusErrorOptions = {}) {
    super(code, message, {
      ...options,
      retryable: options.retryable ?? RETRYABLE_BY_DEFAULT.has(code),
    });
  }

  /** The form this error takes on the wire. */
  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.retryAfterMs !== undefined) wire.retryAfterMs = this.retryAfterMs;
    return wire;
  }
}

/** A payload failed its catalogue schema; `issues` are `path: message` lines. */
export class PayloadError extends BusError {
  override name = "PayloadError";
  constructor(
    readonly subject: string,
    readonly issues: string[],
    options: BusErrorOptions = {},
  ) {
    super(BusErrorCode.InvalidPayload, `invalid payload on ${subject}: ${issues.join("; ")}`, {
      ...options,
      retryable: false,
    });
  }
}

/** An error a remote handler replied with, rebuilt on the requesting side. */
export class RemoteError extends BusError {
  override name = "RemoteError";
  constructor(
    readonly subject: string,
    wire: WireError,
  ) {
    super(wire.code, wire.message, { retryable: wire.retryable, retryAfterMs: wire.retryAfterMs });
  }
}

/**
 * Converts anything thrown by a handler into its wire form. A {@link BusError} keeps its code; any
 * other error becomes `internal` and keeps what the shared protocol ({@link ClawError}) says about
 * retrying; an unknown throw is retryable.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof BusError) return error.toWire();
  const wire: WireError = {
    code: BusErrorCode.Internal,
    message: errorMessage(error),
    retryable: error instanceof ClawError ? error.retryable : true,
  };
  if (error instanceof ClawError && error.retryAfterMs !== undefined)
    wire.retryAfterMs = error.retryAfterMs;
  return wire;
}

/** Rebuilds a typed error from its wire form. */
export function fromWireError(subject: string, wire: WireError): RemoteError {
  return new RemoteError(subject, wire);
}
