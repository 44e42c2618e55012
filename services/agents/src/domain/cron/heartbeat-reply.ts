/** The token a heartbeat turn answers with when nothing needs attention. */
export const HEARTBEAT_OK = "HEARTBEAT_OK";

/** The default heartbeat instruction (config `agents.defaults.heartbeat.prompt` replaces it). */
export const DEFAULT_HEARTBEAT_PROMPT =
  "Heartbeat: go through HEARTBEAT.md in your workspace context and do what it asks now. Don't bring back " +
  `old tasks from earlier chats. If nothing needs attention, reply exactly ${HEARTBEAT_OK}.`;

/**
 * What of a heartbeat reply is delivered: nothing when it is HEARTBEAT_OK (at its start or end) with
 * at most `ackMaxChars` other characters; otherwise the text without the token.
 */
export function heartbeatDelivery(text: string, ackMaxChars: number): string | null {
  const trimmed = text.trim();
  const hasToken = trimmed.startsWith(HEARTBEAT_OK) || trimmed.endsWith(HEARTBEAT_OK);
  if (!hasToken) return trimmed || null;
  const rest = trimmed
    .replace(new RegExp(`^${HEARTBEAT_OK}[\\s.!:,-]*`), "")
    .replace(new RegExp(`[\\s.!:,-]*${HEARTBEAT_OK}$`), "")
    .trim();
  return rest.length <= ackMaxChars ? null : rest;
}
