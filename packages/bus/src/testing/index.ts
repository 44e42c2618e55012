// @clawfleet/bus/testing — what tests need beyond the typed bus: a private nats-server, bytes no
// schema would let through, and counts of the dead-letter stream. Production code never imports it.
import { natsHandles, type Bus } from "../core/bus.js";
import { DeadLetterReason, deadLetterSubject } from "../core/dead-letter-subject.js";
import { ObjectStores, Streams } from "../catalogue/resources.js";

/**
 * Stores bytes on a stream subject exactly as given, without a schema, to see how readers treat an
 * entry written by an older version or by something else; returns the stream sequence.
 */
export async function publishRawToStream(
  bus: Bus,
  subject: string,
  data: Uint8Array | string,
): Promise<number> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return (await natsHandles(bus).js.publish(subject, bytes)).seq;
}

/** How many messages the dead-letter stream holds, all of them or those of one reason. */
export async function deadLetterCount(bus: Bus, reason?: DeadLetterReason): Promise<number> {
  const jsm = await natsHandles(bus).jsm();
  if (reason === undefined) return (await jsm.streams.info(Streams.DeadLetter.name)).state.messages;
  const subject = deadLetterSubject(reason);
  const info = await jsm.streams.info(Streams.DeadLetter.name, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

/**
 * Forgets every stored chat image at once, as if all had expired: later reads of their references
 * answer "no longer stored" (the object store's stream is purged).
 */
export async function forgetAllAttachments(bus: Bus): Promise<void> {
  const jsm = await natsHandles(bus).jsm();
  await jsm.streams.purge(`OBJ_${ObjectStores.Attachments.name}`);
}

export { DeadLetterReason };
export { startNatsServer, NatsUnavailableError } from "./nats-server.js";
export type { NatsTestServer } from "./nats-server.js";
export { freePort } from "./free-port.js";
export { startNatsCluster } from "./nats-cluster.js";
export type { NatsTestCluster, NatsClusterNode } from "./nats-cluster.js";

/**
 * Where a durable consumer stands: the stream sequence acked through, messages not yet acked, not
 * yet delivered, and delivered more than once and not acked yet.
 */
export async function consumerProgress(
  bus: Bus,
  stream: string,
  consumer: string,
): Promise<{ ackedThrough: number; unacked: number; undelivered: number; redelivered: number }> {
  const jsm = await natsHandles(bus).jsm();
  const info = await jsm.consumers.info(stream, consumer);
  return {
    ackedThrough: info.ack_floor.stream_seq,
    unacked: info.num_ack_pending,
    undelivered: info.num_pending,
    redelivered: info.num_redelivered,
  };
}

/**
 * Resolves once a durable consumer has acked every message up to `streamSeq` (its handler finished
 * with them), polling the consumer's state; fails after `timeoutMs` with where it stood.
 */
export async function consumerAckedThrough(
  bus: Bus,
  stream: string,
  consumer: string,
  streamSeq: number,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await consumerProgress(bus, stream, consumer);
    if (progress.ackedThrough >= streamSeq && progress.unacked === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `${stream}/${consumer} not acked through ${streamSeq} within ${timeoutMs} ms: ${JSON.stringify(progress)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
