import { ChannelsError, ChannelsErrorCode, errorMessage } from "../../errors.js";

/** Translates what a Baileys call throws (a Boom error with a status code) into a {@link ChannelsError}. */
export function whatsappError(error: unknown, what: string): ChannelsError {
  if (error instanceof ChannelsError) return error;
  const status = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
  const detail = `${status ?? "no status"}: ${errorMessage(error)}`;
  switch (status) {
    case 401:
    case 403:
      return new ChannelsError(
        ChannelsErrorCode.Unauthorized,
        `WhatsApp refused ${what} (${detail}): link the account again with \`clawfleet channels login whatsapp\``,
        { cause: error },
      );
    case 429:
      return new ChannelsError(
        ChannelsErrorCode.RateLimited,
        `WhatsApp rate limit on ${what}: retry after 5 s`,
        { retryAfterMs: 5000, cause: error },
      );
    case 400:
    case 404:
    case 406:
      return new ChannelsError(
        ChannelsErrorCode.BadTarget,
        `WhatsApp refused ${what} (${detail})`,
        {
          cause: error,
        },
      );
    default:
      return new ChannelsError(
        ChannelsErrorCode.Unavailable,
        `WhatsApp ${what} failed (${detail})`,
        {
          cause: error,
        },
      );
  }
}

/** Why a closed WhatsApp connection closed, in words for `channels.status`. */
export function describeClose(code: number | undefined, error: Error | undefined): string {
  const text = error?.message ? `: ${error.message}` : "";
  switch (code) {
    case 401:
      return "WhatsApp logged this device out (unlinked on the phone); link it again with `clawfleet channels login whatsapp`";
    case 440:
      return "another WhatsApp Web session replaced this connection";
    case 500:
      return `WhatsApp rejected the stored session (bad session${text})`;
    default:
      return `WhatsApp connection closed (${code ?? "no status"}${text})`;
  }
}
