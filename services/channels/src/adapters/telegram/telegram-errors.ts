import { GrammyError, HttpError } from "grammy";
import { ChannelsError, ChannelsErrorCode } from "../../errors.js";

const TOKEN_HINT =
  "check channels.telegram.botToken (or TELEGRAM_BOT_TOKEN for the default account)";

/** Translates what grammY throws into a {@link ChannelsError} the service can act on. */
export function telegramError(error: unknown, what: string): ChannelsError {
  if (error instanceof ChannelsError) return error;
  if (error instanceof GrammyError) {
    const detail = `${error.error_code} ${error.description}`;
    switch (error.error_code) {
      case 401:
      case 404:
        return what === "getMe"
          ? new ChannelsError(
              ChannelsErrorCode.Unauthorized,
              `Telegram rejected the bot token (${detail}): ${TOKEN_HINT}`,
              { cause: error },
            )
          : new ChannelsError(
              ChannelsErrorCode.Unauthorized,
              `Telegram ${what} failed (${detail}): ${TOKEN_HINT}`,
              { cause: error },
            );
      case 409:
        return new ChannelsError(
          ChannelsErrorCode.Conflict,
          `Telegram ${what} conflict (${detail}): another process polls with this bot token, or a webhook is set`,
          { cause: error },
        );
      case 429: {
        const seconds = error.parameters.retry_after ?? 1;
        return new ChannelsError(
          ChannelsErrorCode.RateLimited,
          `Telegram rate limit on ${what}: retry after ${seconds} s`,
          { retryAfterMs: seconds * 1000, cause: error },
        );
      }
      case 400:
      case 403:
        return new ChannelsError(
          ChannelsErrorCode.BadTarget,
          `Telegram refused ${what} (${detail})`,
          { cause: error },
        );
      default:
        return new ChannelsError(
          ChannelsErrorCode.Unavailable,
          `Telegram ${what} failed (${detail})`,
          { cause: error },
        );
    }
  }
  if (error instanceof HttpError) {
    const cause = withoutToken(
      error.error instanceof Error ? error.error.message : String(error.error),
    );
    return new ChannelsError(
      ChannelsErrorCode.Unavailable,
      `Telegram ${what}: network error (${cause})`,
      { cause: error },
    );
  }
  return new ChannelsError(
    ChannelsErrorCode.Unavailable,
    `Telegram ${what} failed: ${withoutToken(error instanceof Error ? error.message : String(error))}`,
    { cause: error },
  );
}

/** Bot API URLs carry the token (`/bot<id>:<secret>/`); messages that may quote one get it masked. */
export function withoutToken(text: string): string {
  return text.replace(/bot\d+:[A-Za-z0-9_-]+/g, "bot<token>");
}
