import { ClawError, errorMessage } from "@clawfleet/core";

/** Error codes of the channels service, as a const object with a derived union (STYLE.md 7). */
export const ChannelsErrorCode = {
  /** The platform refused the bot token. */
  Unauthorized: "unauthorized",
  /** The platform refused the connection for a reason the operator must fix (intents, webhook URL). */
  Refused: "refused",
  /** Another process uses the same bot token (Telegram 409). */
  Conflict: "conflict",
  /** The platform asked us to slow down; `retryAfterMs` says for how long. */
  RateLimited: "rate_limited",
  /** The target chat, channel or message does not exist or the bot may not write there. */
  BadTarget: "bad_target",
  /** The platform or the network failed; trying again may work. */
  Unavailable: "unavailable",
} as const;

/** One of the channels error codes. */
export type ChannelsErrorCode = (typeof ChannelsErrorCode)[keyof typeof ChannelsErrorCode];

const RETRYABLE: ReadonlySet<ChannelsErrorCode> = new Set([
  ChannelsErrorCode.RateLimited,
  ChannelsErrorCode.Unavailable,
  ChannelsErrorCode.Conflict,
]);

/** Options of a {@link ChannelsError}. */
export interface ChannelsErrorOptions {
  retryAfterMs?: number;
  cause?: unknown;
}

/** A platform failure, translated by an adapter into what the service needs to decide: retry, wait, or give up. */
export class ChannelsError extends ClawError<ChannelsErrorCode> {
  override name = "ChannelsError";

  constructor(code: ChannelsErrorCode, message: string, options: ChannelsErrorOptions = {}) {
    super(code, message, { ...options, retryable: RETRYABLE.has(code) });
  }
}

/** The message of anything thrown, for status lines and logs (the shared helper of @clawfleet/core). */
export { errorMessage };
