import type { OutboxMessage, SessionState, TranscriptEntry } from "@clawfleet/bus";

/** What one turn (a message batch or a chat command) leaves behind, committed in one compare-and-set. */
export interface TurnOutcome {
  /** `<first seq>-<last seq>` of the inputs it answers. */
  turnKey: string;
  /** INBOX sequence of the last input it answers. */
  lastSeq: number;
  replies: OutboxMessage[];
  /** Entries without `entryId` (assigned at commit). */
  transcript: TranscriptEntry[];
  /** Other state changes of the turn (new session id, model override, usage, abort time). */
  patch: (state: SessionState) => SessionState;
}

/** The session state after committing a turn: inputs marked handled and the turn's effects pending until flushed. */
export function commitOutcome(
  state: SessionState,
  outcome: TurnOutcome,
  digest: string,
  now: number,
): SessionState {
  const next = outcome.patch(state);
  const transcript = outcome.transcript.map((entry, i) => ({
    ...entry,
    entryId: `${digest}:${outcome.turnKey}:${i}`,
  }));
  const hasEffects = outcome.replies.length > 0 || transcript.length > 0;
  return {
    ...next,
    lastSeq: Math.max(state.lastSeq, outcome.lastSeq),
    updatedAt: now,
    pending: hasEffects
      ? { turnKey: outcome.turnKey, replies: outcome.replies, transcript }
      : undefined,
  };
}
