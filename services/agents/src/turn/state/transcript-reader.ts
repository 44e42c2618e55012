import {
  decodePayload,
  fillSubject,
  Transcript,
  type Bus,
  type StoredEntry,
  type TranscriptEntry,
} from "@clawfleet/bus";

const MS_NANOS = 1_000_000;

/**
 * Reads every transcript entry of a session from `fromSeq` in a few round trips: a short-lived
 * ephemeral consumer filtered to the session's subject streams the entries in batches (direct gets
 * would cost one round trip per entry). Entries that no longer match the schema are skipped.
 */
export async function readTranscriptBulk(
  bus: Bus,
  token: string,
  fromSeq: number,
): Promise<StoredEntry<TranscriptEntry>[]> {
  const jsm = await bus.jsm();
  const subject = fillSubject(Transcript.subject, { session: token });
  const info = await jsm.consumers.add(Transcript.stream, {
    filter_subject: subject,
    deliver_policy: "by_start_sequence",
    opt_start_seq: Math.max(1, fromSeq),
    ack_policy: "none",
    inactive_threshold: 60_000 * MS_NANOS,
    mem_storage: true,
    num_replicas: 1,
  });
  try {
    const out: StoredEntry<TranscriptEntry>[] = [];
    if (info.num_pending === 0) return out;
    const consumer = await bus.js.consumers.get(Transcript.stream, info.name);
    for (let received = 0; received < info.num_pending;) {
      const batch = await consumer.fetch({
        max_messages: Math.min(1000, info.num_pending - received),
        expires: 5000,
      });
      let got = 0;
      for await (const msg of batch) {
        got++;
        try {
          out.push({
            seq: msg.seq,
            subject: msg.subject,
            time: msg.time.getTime(),
            data: decodePayload(Transcript.schema, msg.subject, msg.data),
          });
        } catch {
          // written under an older schema: skip it
        }
      }
      if (got === 0) break;
      received += got;
    }
    return out;
  } finally {
    await jsm.consumers.delete(Transcript.stream, info.name).catch(() => undefined);
  }
}
