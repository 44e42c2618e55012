import { ChannelsError, ChannelsErrorCode, errorMessage } from "../../errors.js";

const AUTH_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
]);
const TARGET_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "msg_too_long",
]);

/** Translates what the Slack Web API client throws into a {@link ChannelsError}. */
export function slackError(error: unknown, what: string): ChannelsError {
  if (error instanceof ChannelsError) return error;
  const failure = error as { code?: string; retryAfter?: number; data?: { error?: string } };
  if (failure?.code === "slack_webapi_rate_limited_error") {
    const seconds = failure.retryAfter ?? 1;
    return new ChannelsError(
      ChannelsErrorCode.RateLimited,
      `Slack rate limit on ${what}: retry after ${seconds} s`,
      { retryAfterMs: seconds * 1000, cause: error },
    );
  }
  const code = failure?.data?.error;
  if (code === "missing_scope") {
    const needed = (failure?.data as { needed?: string } | undefined)?.needed ?? "?";
    return new ChannelsError(
      ChannelsErrorCode.Refused,
      `Slack refused ${what}: the bot token lacks the ${needed} scope (add it to the Slack app and reinstall it)`,
      { cause: error },
    );
  }
  if (code && AUTH_ERRORS.has(code))
    return new ChannelsError(
      ChannelsErrorCode.Unauthorized,
      `Slack rejected the token on ${what} (${code}): check channels.slack.botToken / appToken (or SLACK_BOT_TOKEN / SLACK_APP_TOKEN)`,
      { cause: error },
    );
  if (code && TARGET_ERRORS.has(code))
    return new ChannelsError(ChannelsErrorCode.BadTarget, `Slack refused ${what} (${code})`, {
      cause: error,
    });
  return new ChannelsError(
    ChannelsErrorCode.Unavailable,
    `Slack ${what} failed: ${code ?? errorMessage(error)}`,
    { cause: error },
  );
}
