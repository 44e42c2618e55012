import type { TypedBucket } from "@clawfleet/bus";
import * as z from "zod";
import { offsetKey, type AccountRef } from "../domain/kv-keys.js";

/** What `Buckets.ChannelState` keeps under `offset.telegram.<account>`. */
export const offsetRecordSchema = z.object({
  /** The next update_id to ask Telegram for (last handled + 1). */
  offset: z.number().int().nonnegative(),
  updatedAt: z.number(),
});

/** Where a Telegram poller resumes: read at start, written after each handled batch. */
export interface OffsetStore {
  load(): Promise<number | undefined>;
  save(offset: number): Promise<void>;
}

/** The offset of one account in the channel-state bucket. */
export function kvOffsetStore(
  bucket: TypedBucket<typeof offsetRecordSchema>,
  account: AccountRef,
): OffsetStore {
  const key = offsetKey(account);
  return {
    async load() {
      return (await bucket.get(key))?.value.offset;
    },
    async save(offset) {
      await bucket.put(key, { offset, updatedAt: Date.now() });
    },
  };
}
