import { DiscordAPIError, DiscordjsErrorCodes, HTTPError, RateLimitError } from "discord.js";
import { ChannelsError, ChannelsErrorCode } from "../../errors.js";

const TOKEN_HINT = "check channels.discord.token (or DISCORD_BOT_TOKEN for the default account)";

/** Gateway close codes after which discord.js does not reconnect, with what the operator must do. */
export const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4004: `Discord rejected the bot token (gateway close 4004 Authentication failed): ${TOKEN_HINT}`,
  4010: "Discord refused the shard settings (gateway close 4010 Invalid shard)",
  4011: "Discord requires sharding for this bot (gateway close 4011 Sharding required)",
  4012: "Discord refused the gateway version (gateway close 4012 Invalid API version)",
  4013: "Discord refused the gateway intents (gateway close 4013 Invalid intents)",
  4014: "Discord refused the gateway intents (gateway close 4014 Disallowed intents): enable the Message Content intent for the bot in the Discord developer portal",
};

/** Translates what discord.js throws into a {@link ChannelsError} the service can act on. */
export function discordError(error: unknown, what: string): ChannelsError {
  if (error instanceof ChannelsError) return error;
  if (
    error instanceof Error &&
    "code" in error &&
    error.code === DiscordjsErrorCodes.TokenInvalid
  ) {
    return new ChannelsError(
      ChannelsErrorCode.Unauthorized,
      `Discord rejected the bot token (401 Unauthorized): ${TOKEN_HINT}`,
      { cause: error },
    );
  }
  if (error instanceof RateLimitError) {
    return new ChannelsError(
      ChannelsErrorCode.RateLimited,
      `Discord rate limit on ${what}: retry after ${error.retryAfter} ms`,
      { retryAfterMs: error.retryAfter, cause: error },
    );
  }
  if (error instanceof DiscordAPIError) {
    const detail = `${error.status} ${error.message} (code ${error.code})`;
    if (error.status === 401)
      return new ChannelsError(
        ChannelsErrorCode.Unauthorized,
        `Discord ${what} failed (${detail}): ${TOKEN_HINT}`,
        { cause: error },
      );
    if (error.status >= 400 && error.status < 500 && error.status !== 429) {
      return new ChannelsError(ChannelsErrorCode.BadTarget, `Discord refused ${what} (${detail})`, {
        cause: error,
      });
    }
    return new ChannelsError(ChannelsErrorCode.Unavailable, `Discord ${what} failed (${detail})`, {
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    return new ChannelsError(
      ChannelsErrorCode.Unavailable,
      `Discord ${what} failed (${error.status} ${error.message})`,
      { cause: error },
    );
  }
  return new ChannelsError(
    ChannelsErrorCode.Unavailable,
    `Discord ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
