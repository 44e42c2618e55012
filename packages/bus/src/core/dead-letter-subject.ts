/** Why a message was dead-lettered: bad payload, retries exhausted, or the handler gave up on it. */
export const DeadLetterReason = {
  Invalid: "invalid",
  Exhausted: "exhausted",
  Rejected: "rejected",
} as const;
/** One of the dead-letter reasons. */
export type DeadLetterReason = (typeof DeadLetterReason)[keyof typeof DeadLetterReason];

/** Subjects captured by the dead-letter stream. */
export const DEAD_LETTER_SUBJECTS = "dlq.>";

/** The dead-letter subject for a reason, e.g. `dlq.invalid`. */
export function deadLetterSubject(reason: DeadLetterReason): string {
  return `dlq.${reason}`;
}
