import { Buckets, TypedBucket, type Bus } from "@clawfleet/bus";
import * as z from "zod";

/** What `Buckets.Deliveries` records for a chunk that was sent. */
export const deliveryRecordSchema = z.object({
  /** Platform message id of the sent chunk. */
  messageId: z.string(),
  sentAt: z.number(),
});

/** Which outbox chunks were already sent, so a redelivered outbox message is never sent twice. */
export class DeliveryLog {
  private constructor(private readonly bucket: TypedBucket<typeof deliveryRecordSchema>) {}

  /** Opens the provisioned deliveries bucket. */
  static async open(bus: Bus): Promise<DeliveryLog> {
    return new DeliveryLog(await TypedBucket.open(bus, Buckets.Deliveries, deliveryRecordSchema));
  }

  /** Whether the chunk with this key was sent. */
  async wasSent(key: string): Promise<boolean> {
    return (await this.bucket.get(key)) !== undefined;
  }

  /** Records a sent chunk. */
  async recordSent(key: string, messageId: string, sentAt: number): Promise<void> {
    await this.bucket.put(key, { messageId, sentAt });
  }
}
