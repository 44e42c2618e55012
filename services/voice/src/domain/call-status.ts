/** Statuses of a call, in the order a call moves through them; the last six are end states. */
export const CallStatus = {
  Initiated: "initiated",
  Ringing: "ringing",
  InProgress: "in-progress",
  Completed: "completed",
  Busy: "busy",
  NoAnswer: "no-answer",
  Failed: "failed",
  Canceled: "canceled",
  Rejected: "rejected",
} as const;
/** One call status. */
export type CallStatus = (typeof CallStatus)[keyof typeof CallStatus];

const END_STATES: ReadonlySet<string> = new Set([
  CallStatus.Completed,
  CallStatus.Busy,
  CallStatus.NoAnswer,
  CallStatus.Failed,
  CallStatus.Canceled,
  CallStatus.Rejected,
]);
const RANK: Record<string, number> = {
  [CallStatus.Initiated]: 0,
  [CallStatus.Ringing]: 1,
  [CallStatus.InProgress]: 2,
};

/** Whether a status ends the call. */
export function isEndStatus(status: string): boolean {
  return END_STATES.has(status);
}

/** A Twilio `CallStatus` in our vocabulary (`queued` is `initiated`); undefined for values Twilio does not send. */
export function fromTwilioStatus(status: string | undefined): CallStatus | undefined {
  switch (status) {
    case "queued":
    case "initiated":
      return CallStatus.Initiated;
    case "ringing":
      return CallStatus.Ringing;
    case "in-progress":
    case "answered":
      return CallStatus.InProgress;
    case "completed":
    case "busy":
    case "no-answer":
    case "failed":
    case "canceled":
      return status;
    default:
      return undefined;
  }
}

/**
 * The status after a report of `next`: statuses only move forward (status callbacks can arrive out
 * of order) and an end state is final.
 */
export function advanceStatus(current: string, next: CallStatus): string {
  if (isEndStatus(current)) return current;
  if (isEndStatus(next)) return next;
  return (RANK[next] ?? 0) > (RANK[current] ?? 0) ? next : current;
}
