import { Transcript, type Bus, type StoredEntry, type TranscriptEntry } from "@clawfleet/bus";

/**
 * Reads every transcript entry of a session from `fromSeq` in a few round trips (the stream
 * handle's bulk read; direct gets would cost one round trip per entry). Entries that no longer
 * match the schema are skipped.
 */
export function readTranscriptBulk(
  bus: Bus,
  token: string,
  fromSeq: number,
): Promise<StoredEntry<TranscriptEntry>[]> {
  return bus.stream(Transcript).readAll({ session: token }, { fromSeq });
}
