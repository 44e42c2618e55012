import { ChannelsError, ChannelsErrorCode, errorMessage } from "../../errors.js";

/** signal-cli's JSON-RPC error codes (SignalJsonRpcCommandHandler) and the JSON-RPC standard ones it uses. */
export const SignalRpcCode = {
  UserError: -1,
  IoError: -3,
  UntrustedKey: -4,
  RateLimit: -5,
  CaptchaRejected: -6,
  MethodNotFound: -32601,
  InvalidParams: -32602,
} as const;

/** A JSON-RPC error as signal-cli answers it. */
export interface SignalRpcFailure {
  code: number;
  message: string;
  data?: unknown;
}

/** The longest `retryAfterSeconds` among a failed send's per-recipient results, if any. */
function retryAfterSeconds(data: unknown): number | undefined {
  const results = (data as { response?: { results?: { retryAfterSeconds?: unknown }[] } })?.response
    ?.results;
  if (!Array.isArray(results)) return undefined;
  const waits = results
    .map((r) => r?.retryAfterSeconds)
    .filter((s): s is number => typeof s === "number" && s > 0);
  return waits.length ? Math.max(...waits) : undefined;
}

/** Translates a signal-cli JSON-RPC error of `method` into a {@link ChannelsError}. */
export function signalRpcError(
  failure: SignalRpcFailure,
  method: string,
  account: string,
): ChannelsError {
  const detail = `${failure.message} (${failure.code})`;
  switch (failure.code) {
    case SignalRpcCode.InvalidParams:
      if (/account/i.test(failure.message))
        return new ChannelsError(
          ChannelsErrorCode.Refused,
          `signal-cli has no account ${account}: link it with \`clawfleet channels login signal\` or register it (docs/deploy-fly.md, Signal)`,
        );
      return new ChannelsError(
        ChannelsErrorCode.BadTarget,
        `signal-cli refused ${method}: ${detail}`,
      );
    case SignalRpcCode.RateLimit: {
      const seconds = retryAfterSeconds(failure.data) ?? 5;
      return new ChannelsError(
        ChannelsErrorCode.RateLimited,
        `Signal rate limit on ${method}: retry after ${seconds} s`,
        { retryAfterMs: seconds * 1000 },
      );
    }
    case SignalRpcCode.UserError:
    case SignalRpcCode.UntrustedKey:
      return new ChannelsError(
        ChannelsErrorCode.BadTarget,
        `signal-cli refused ${method}: ${detail}`,
      );
    default:
      return new ChannelsError(
        ChannelsErrorCode.Unavailable,
        `signal-cli ${method} failed: ${detail}`,
      );
  }
}

/** A transport failure talking to the daemon at `url` (refused connection, timeout, bad answer). */
export function signalTransportError(error: unknown, url: string, what: string): ChannelsError {
  if (error instanceof ChannelsError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  const reason = cause ? errorMessage(cause) : errorMessage(error);
  return new ChannelsError(
    ChannelsErrorCode.Unavailable,
    `signal-cli at ${url} did not answer ${what}: ${reason} (is the signal-cli daemon running with --http?)`,
    { cause: error },
  );
}
