import type * as z from "zod";
import type { StreamSubjectDef } from "../catalogue/define.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { decodePayload } from "../core/codec.js";
import type { StoredEntry } from "./stream-handle.js";

const MS_NANOS = 1_000_000;
const BATCH = 1000;

/**
 * Reads every message on `filter` from `fromSeq` through an ephemeral, unacknowledged consumer held
 * in memory, in batches, and deletes it afterwards (it also expires after a minute unused).
 */
export async function readAllFrom<S extends z.ZodType>(
  bus: Bus,
  def: StreamSubjectDef<string, S>,
  filter: string,
  fromSeq: number,
): Promise<StoredEntry<z.output<S>>[]> {
  const { js, jsm } = natsHandles(bus);
  const manager = await jsm();
  const info = await manager.consumers.add(def.stream, {
    filter_subject: filter,
    deliver_policy: "by_start_sequence",
    opt_start_seq: Math.max(1, fromSeq),
    ack_policy: "none",
    inactive_threshold: 60_000 * MS_NANOS,
    mem_storage: true,
    num_replicas: 1,
  });
  try {
    const out: StoredEntry<z.output<S>>[] = [];
    if (info.num_pending === 0) return out;
    const consumer = await js.consumers.get(def.stream, info.name);
    for (let received = 0; received < info.num_pending;) {
      const batch = await consumer.fetch({
        max_messages: Math.min(BATCH, info.num_pending - received),
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
            data: decodePayload(def.schema, msg.subject, msg.data),
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
    await manager.consumers.delete(def.stream, info.name).catch(() => undefined);
  }
}
