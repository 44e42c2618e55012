import { errorMessage } from "@clawfleet/core";
import {
  DeadLetterReason,
  Inbox,
  type Bus,
  type InboxInput,
  type StoredPage,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";

/** Inputs read from a session's inbox, and the highest sequence looked at (invalid entries included). */
export type InboxPage = StoredPage<InboxInput>;

/**
 * Reads a session's pending inputs from `fromSeq` with direct gets (through the stream's leader with
 * `fromLeader`: a direct get may be answered by a replica that is behind). An entry that no longer matches
 * the schema is copied to the dead-letter stream and stepped over (`throughSeq` moves past it), so
 * one bad entry can never stall the session.
 */
export async function readInbox(
  bus: Bus,
  token: string,
  fromSeq: number,
  limit: number,
  logger: Logger,
  fromLeader = false,
): Promise<InboxPage> {
  return bus.stream(Inbox).readPage(
    { session: token },
    {
      fromSeq,
      limit,
      fromLeader,
      onInvalid: async ({ seq, subject, data, error }) => {
        logger.error(`skipping inbox entry ${seq} of ${subject}: ${errorMessage(error)}`);
        await bus.deadLetter(
          DeadLetterReason.Invalid,
          subject,
          data,
          errorMessage(error),
          `INBOX:${seq}`,
        );
      },
    },
  );
}

/** The newest sequence INBOX has acknowledged (any session), from its leader. */
export async function inboxLastSeq(bus: Bus): Promise<number> {
  return (await bus.stream(Inbox).info()).lastSeq;
}

/** The INBOX sequence of a session's newest input (0 when it has none), without decoding it. */
export function lastInboxSeq(bus: Bus, token: string): Promise<number> {
  return bus.stream(Inbox).lastSeq({ session: token });
}
