import {
  lastOnSubject,
  Outbox,
  Transcript,
  type StoredEntry,
  type TranscriptEntry,
} from "@clawfleet/bus";
import type { SessionHold } from "./session-hold.js";
import type { FlushDeps } from "../turn-deps.js";

/**
 * Publishes a committed turn's reply (OUTBOX, msgID = reply id, so channels deliver it once) and
 * transcript entries (msgID = entry id). After a crash (`recovery`), entries already stored are
 * recognised by the last entry on the subject and skipped, even past the duplicate window.
 * Resolves with the TRANSCRIPTS sequence of the last entry (0 when there were none).
 */
export async function flushPending(
  deps: FlushDeps,
  hold: SessionHold,
  recovery: boolean,
): Promise<number> {
  const pending = hold.value.pending;
  if (!pending) return 0;
  let entries = pending.transcript;
  let lastSeq = 0;
  if (recovery && entries.length > 0) {
    const stored = await lastOnSubject(deps.bus, Transcript, { session: hold.token }).catch(
      () => undefined,
    );
    const index = stored
      ? entries.findIndex((e) => e.entryId !== undefined && e.entryId === stored.data.entryId)
      : -1;
    if (stored && index >= 0) {
      entries = entries.slice(index + 1);
      lastSeq = stored.seq;
    }
  }
  const replies = pending.replies.map((reply) =>
    deps.bus.jsPublish(
      Outbox,
      { channel: reply.target.channel, account: reply.target.accountId },
      reply,
      { msgID: reply.id },
    ),
  );
  const stored = entries.map((entry) =>
    deps.bus.jsPublish(
      Transcript,
      { session: hold.token },
      entry,
      entry.entryId ? { msgID: entry.entryId } : {},
    ),
  );
  const [, acks] = await Promise.all([Promise.all(replies), Promise.all(stored)]);
  const now = Date.now();
  const added: StoredEntry<TranscriptEntry>[] = acks.map((ack, i) => ({
    seq: ack.seq,
    subject: "",
    time: now,
    data: entries[i]!,
  }));
  if (added.length > 0) deps.history.appended(hold.token, hold.value.sessionId, added);
  return Math.max(lastSeq, ...acks.map((a) => a.seq));
}
