/** The token a model replies with when it means "send nothing" (OpenClaw's `SILENT_REPLY_TOKEN`). */
export const NO_REPLY_TOKEN = "NO_REPLY";

const TRAILING_TOKEN = /(?:^|\s+|\*+)NO_REPLY\s*$/;

/**
 * Whether a model reply means "send nothing": exactly `NO_REPLY`, surrounding whitespace
 * ignored, case-sensitive. A substantive reply that merely ends with the token is NOT silent
 * (OpenClaw #19537); use {@link resolveReplyText} to deliver it without the token.
 */
export function isNoReply(text: string | undefined | null): boolean {
  return typeof text === "string" && text.trim() === NO_REPLY_TOKEN;
}

/** Removes a trailing `NO_REPLY` token (after whitespace or `*`) from mixed content and trims. */
export function stripTrailingNoReply(text: string): string {
  return text.replace(TRAILING_TOKEN, "").trim();
}

/** The text to deliver for a model reply, or null when nothing should be sent. */
export function resolveReplyText(text: string | undefined | null): string | null {
  if (typeof text !== "string" || isNoReply(text)) return null;
  const stripped = stripTrailingNoReply(text);
  return stripped === "" ? null : stripped;
}
