import {
  decodePayload,
  DeadLetterReason,
  fillSubject,
  Inbox,
  type Bus,
  type InboxInput,
  type StoredEntry,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";

/** Inputs read from a session's inbox, and the highest sequence looked at (invalid entries included). */
export interface InboxPage {
  entries: StoredEntry<InboxInput>[];
  /** Highest INBOX sequence read, valid or not (0 when nothing). */
  throughSeq: number;
}

/**
 * Reads a session's pending inputs from `fromSeq` with direct gets. An entry that no longer matches
 * the schema is copied to the dead-letter stream and stepped over (`throughSeq` moves past it), so
 * one bad entry can never stall the session.
 */
export async function readInbox(
  bus: Bus,
  token: string,
  fromSeq: number,
  limit: number,
  logger: Logger,
): Promise<InboxPage> {
  const jsm = await bus.jsm();
  const subject = fillSubject(Inbox.subject, { session: token });
  const entries: StoredEntry<InboxInput>[] = [];
  let seq = Math.max(1, fromSeq);
  let throughSeq = 0;
  while (entries.length < limit) {
    const stored = await jsm.direct.getMessage(Inbox.stream, { seq, next_by_subj: subject });
    if (!stored) break;
    seq = stored.seq + 1;
    throughSeq = stored.seq;
    try {
      entries.push({
        seq: stored.seq,
        subject: stored.subject,
        time: stored.time.getTime(),
        data: decodePayload(Inbox.schema, stored.subject, stored.data),
      });
    } catch (error) {
      logger.error(`skipping inbox entry ${stored.seq} of ${subject}: ${(error as Error).message}`);
      await bus.deadLetter(
        DeadLetterReason.Invalid,
        stored.subject,
        stored.data,
        (error as Error).message,
        `INBOX:${stored.seq}`,
      );
    }
  }
  return { entries, throughSeq };
}

/** The INBOX sequence of a session's newest input (0 when it has none), without decoding it. */
export async function lastInboxSeq(bus: Bus, token: string): Promise<number> {
  const jsm = await bus.jsm();
  const stored = await jsm.direct.getMessage(Inbox.stream, {
    last_by_subj: fillSubject(Inbox.subject, { session: token }),
  });
  return stored?.seq ?? 0;
}
