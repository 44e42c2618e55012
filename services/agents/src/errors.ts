import { ClawError } from "@clawfleet/core";

/** Codes of the errors the agents service raises, as a const object and a derived union. */
export const AgentErrorCode = {
  /** The model provider refused or failed (see {@link ModelError.kind}). */
  Model: "model",
  /** Another worker took the session's lease; this turn must not commit. */
  LeaseLost: "lease_lost",
  /** The turn ran out of time (`agents.defaults.timeoutSeconds`). */
  Timeout: "timeout",
  /** The turn was stopped (`/stop`, `chat.abort`, shutdown). */
  Aborted: "aborted",
  /** A tool failed; the message goes back to the model as the tool result. */
  Tool: "tool",
} as const;
/** One of the agent error codes. */
export type AgentErrorCode = (typeof AgentErrorCode)[keyof typeof AgentErrorCode];

/** Base error of the agents service. */
export class AgentError extends ClawError<AgentErrorCode> {
  override name = "AgentError";
  constructor(
    code: AgentErrorCode,
    message: string,
    retryable = false,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(code, message, { ...options, retryable });
  }
}

/** Why a model call failed, provider-neutral; decides failover, cooldown and what the user sees. */
export const ModelFailure = {
  RateLimit: "rate_limit",
  SpendLimit: "spend_limit",
  Overloaded: "overloaded",
  Server: "server",
  Timeout: "timeout",
  Connection: "connection",
  Auth: "auth",
  NotFound: "not_found",
  BadRequest: "bad_request",
  /** The prompt does not fit the model's context window: the turn compacts the session and retries once. */
  ContextOverflow: "context_overflow",
  /** No key or no such provider: a setup problem found before any request. */
  Config: "config",
  Aborted: "aborted",
} as const;
/** One of the model failure kinds. */
export type ModelFailure = (typeof ModelFailure)[keyof typeof ModelFailure];

/** A failed model call, classified. `partial` is true when text had already streamed. */
export class ModelError extends AgentError {
  override name = "ModelError";
  constructor(
    readonly kind: ModelFailure,
    message: string,
    readonly details: {
      model?: string;
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(
      AgentErrorCode.Model,
      message,
      kind !== ModelFailure.BadRequest &&
        kind !== ModelFailure.Aborted &&
        kind !== ModelFailure.ContextOverflow,
      { cause: details.cause, retryAfterMs: details.retryAfterMs },
    );
  }
}

/** The session's lease was taken over (the holder stalled past its TTL); the turn's work is discarded. */
export class LeaseLostError extends AgentError {
  override name = "LeaseLostError";
  constructor(sessionKey: string) {
    super(AgentErrorCode.LeaseLost, `lost the lease of session ${sessionKey}`, true);
  }
}

/** A web search that failed in a way the model should read (rate limit, provider down, bad answer); never carries the API key. */
export class WebSearchError extends AgentError {
  override name = "WebSearchError";
  constructor(message: string, retryable: boolean, cause?: unknown) {
    super(AgentErrorCode.Tool, message, retryable, cause === undefined ? undefined : { cause });
  }
}
