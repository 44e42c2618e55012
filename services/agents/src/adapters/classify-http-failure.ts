import { ModelError, ModelFailure } from "../errors.js";

/** The fields both vendor SDKs put on their errors (read structurally so the SDKs load lazily). */
interface SdkErrorShape {
  name?: string;
  message?: string;
  status?: number;
  headers?: { get(name: string): string | null | undefined };
  /** Anthropic: `error.details.error_code`. */
  errorCode?: string | null;
  /** OpenAI: the error body's `code` (`insufficient_quota`, `rate_limit_exceeded`). */
  code?: string | null;
  /** Anthropic: `error.type`; OpenAI: the error body's `type`. */
  type?: string | null;
  /** The parsed error body (Anthropic mid-stream: `{type: "error", error: {type}}`). */
  error?: unknown;
}

/** Milliseconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(
  headers: SdkErrorShape["headers"],
  now = Date.now(),
): number | undefined {
  const ms = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Provider messages saying the prompt is longer than the context window (Anthropic, OpenAI, Bedrock, Gemini, Ollama). */
const OVERFLOW =
  /prompt is too long|request_too_large|context[ _]length[ _]exceeded|maximum context length|input (is too long|exceeds the maximum number of tokens|token count exceeds)/i;

/** True when a provider error says the prompt does not fit the model's context window. */
export function isContextOverflow(message: string, code?: string | null): boolean {
  return code === "context_length_exceeded" || OVERFLOW.test(message);
}

const SPEND_CODES = new Set(["enforced_spend_limit_reached", "insufficient_quota"]);

function byStatus(status: number, e: SdkErrorShape): ModelFailure {
  if (status === 429)
    return SPEND_CODES.has(e.errorCode ?? "") ||
      SPEND_CODES.has(e.code ?? "") ||
      e.type === "insufficient_quota"
      ? ModelFailure.SpendLimit
      : ModelFailure.RateLimit;
  if (status === 529 || status === 503) return ModelFailure.Overloaded;
  if (status >= 500) return ModelFailure.Server;
  if (status === 408) return ModelFailure.Timeout;
  if (status === 401 || status === 403) return ModelFailure.Auth;
  if (status === 402) return ModelFailure.SpendLimit;
  if (status === 404) return ModelFailure.NotFound;
  if (status === 413 || isContextOverflow(e.message ?? "", e.code))
    return ModelFailure.ContextOverflow;
  return ModelFailure.BadRequest;
}

/** An error event inside a stream has no status: its body's `error.type` says what happened. */
function byStreamType(type: string | undefined): ModelFailure {
  if (type === "overloaded_error") return ModelFailure.Overloaded;
  if (type === "rate_limit_error") return ModelFailure.RateLimit;
  if (type === "invalid_request_error") return ModelFailure.BadRequest;
  return ModelFailure.Server;
}

/**
 * Turns whatever a vendor SDK threw into a classified {@link ModelError}: HTTP statuses, connection
 * failures (`APIConnectionError`, a bare `terminated` when a stream is cut), timeouts, error events
 * inside a stream, and aborts (ours, not the provider's).
 */
export function classifySdkFailure(error: unknown, model: string, signal: AbortSignal): ModelError {
  if (error instanceof ModelError) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const message = e.message ?? String(error);
  if (signal.aborted || e.name === "APIUserAbortError" || e.name === "AbortError")
    return new ModelError(ModelFailure.Aborted, "aborted", { model, cause: error });
  if (typeof e.status === "number") {
    const kind = byStatus(e.status, e);
    return new ModelError(kind, message, {
      model,
      status: e.status,
      retryAfterMs: retryAfterMs(e.headers),
      cause: error,
    });
  }
  if (e.name === "APIConnectionTimeoutError")
    return new ModelError(ModelFailure.Timeout, message, { model, cause: error });
  const streamType =
    (e.error as { error?: { type?: string } } | undefined)?.error?.type ??
    (e.error as { type?: string } | undefined)?.type;
  if (streamType)
    return new ModelError(
      streamType === "invalid_request_error" && isContextOverflow(message)
        ? ModelFailure.ContextOverflow
        : byStreamType(streamType),
      message,
      { model, cause: error },
    );
  // APIConnectionError, fetch failures and a stream cut mid-way ("terminated") are connection failures.
  return new ModelError(ModelFailure.Connection, message, { model, cause: error });
}
