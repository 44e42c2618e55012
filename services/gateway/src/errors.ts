import { ClawError } from "@clawfleet/core";

/** Error codes of the OpenClaw gateway protocol, as clients see them in `res.error.code`. */
export const ErrorCode = {
  InvalidRequest: "INVALID_REQUEST",
  Unavailable: "UNAVAILABLE",
  Forbidden: "FORBIDDEN",
  AgentTimeout: "AGENT_TIMEOUT",
  NotPaired: "NOT_PAIRED",
  NotLinked: "NOT_LINKED",
} as const;

/** One of the protocol error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The error object of a failed `res` frame. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** Options of a {@link GatewayError} beyond its code and message. */
export interface GatewayErrorOptions {
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

/** Base class of every error the gateway answers a client with; anything else becomes an internal UNAVAILABLE. */
export class GatewayError extends ClawError<ErrorCode> {
  override name = "GatewayError";
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(code, message, {
      ...options,
      retryable: options.retryable ?? code === ErrorCode.Unavailable,
    });
    this.details = options.details;
  }

  /** The form this error takes in a `res` frame. */
  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message };
    if (this.details !== undefined) wire.details = this.details;
    if (this.retryable) wire.retryable = true;
    if (this.retryAfterMs !== undefined) wire.retryAfterMs = this.retryAfterMs;
    return wire;
  }
}

/** A request the client got wrong: bad params, unknown method, stale hash. */
export function invalidRequest(message: string, details?: Record<string, unknown>): GatewayError {
  return new GatewayError(ErrorCode.InvalidRequest, message, { details });
}

/**
 * A feature this gateway does not have (nodes, device pairing, exec approvals, wizard…): a
 * clear refusal naming it, never a pretended success.
 */
export function notSupported(feature: string): GatewayError {
  return new GatewayError(ErrorCode.InvalidRequest, `${feature} is not supported by this gateway`, {
    details: { code: "NOT_SUPPORTED" },
  });
}

/** Converts anything thrown while serving a request into its wire form (unknown errors are not leaked verbatim). */
export function toWireError(error: unknown): WireError {
  if (error instanceof GatewayError) return error.toWire();
  return {
    code: ErrorCode.Unavailable,
    message: "internal gateway error; see the gateway logs",
    retryable: true,
  };
}
