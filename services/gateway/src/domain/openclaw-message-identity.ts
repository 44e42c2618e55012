/**
 * The `__openclaw` metadata OpenClaw's clients (its Control UI and TUI) use to recognise one chat
 * message seen several times — as the user's pending send, as the live `chat` final, as a
 * `session.message` and as a `chat.history` row — and show it once.
 *
 * Their rules: rows with an `id` are the same message when the ids are equal; a pending send is
 * settled by the stored user row whose `idempotencyKey` is `<runId>:user`; a run's answer is the
 * row with its `runId` and `runTerminal: true`.
 */
export interface OpenClawMessageMeta {
  /** The message's identity across live events and history. */
  id: string;
  /** The transcript record's position (positive), on stored rows only. */
  seq?: number;
  /** The run the message belongs to. */
  runId?: string;
  /** On a user message: `<runId>:user`, the key of the send that made it. */
  idempotencyKey?: string;
  /** On a run's answer: this message ends the run. */
  runTerminal?: true;
}

/** What identifies a stored transcript entry. */
export interface StoredMessageRef {
  role: string;
  /** The transcript stream sequence of the entry. */
  seq?: number;
  runId?: string;
  /** The session id the entry belongs to (changes on reset). */
  sessionId: string;
  ts: number;
}

/** The id of a run's answer: the same in its live `chat` final and in `chat.history`. */
export function answerMessageId(runId: string): string {
  return `${runId}:answer`;
}

/** The idempotency key OpenClaw gives the user message of a run. */
export function userTurnKey(runId: string): string {
  return `${runId}:user`;
}

/** Metadata of a run's answer as the live `chat` final and `session.message` carry it. */
export function liveAnswerMeta(runId: string): OpenClawMessageMeta {
  return { id: answerMessageId(runId), runId, runTerminal: true };
}

/**
 * Metadata of a stored transcript entry. The agents store one assistant entry per run, its answer,
 * after the run's tool entries, so an assistant entry with a run id is that run's terminal answer.
 */
export function storedMessageMeta(entry: StoredMessageRef): OpenClawMessageMeta {
  const seq = entry.seq !== undefined && entry.seq > 0 ? { seq: entry.seq } : {};
  const fallbackId = `${entry.sessionId}:${entry.seq ?? entry.ts}`;
  if (!entry.runId) return { id: fallbackId, ...seq };
  if (entry.role === "assistant") return { ...liveAnswerMeta(entry.runId), ...seq };
  if (entry.role === "user")
    return {
      id: `${fallbackId}:user`,
      ...seq,
      runId: entry.runId,
      idempotencyKey: userTurnKey(entry.runId),
    };
  return { id: fallbackId, ...seq, runId: entry.runId };
}
