import type { Logger } from "@clawfleet/log";
import { JetStreamApiError } from "@nats-io/jetstream";
import * as z from "zod";
import type { ConsumerDef } from "../catalogue/define.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { tryDecodeJson } from "../core/codec.js";
import { DeadLetterReason } from "../core/dead-letter-subject.js";

const advisorySchema = z.object({
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number(),
  deliveries: z.number(),
});
const SWEEP_EVERY_MS = 60_000;
const SWEEP_MAX_MESSAGES = 500;

/**
 * Moves messages that exhausted `max_deliver` from a work queue to the dead-letter stream. The
 * server leaves them in the stream forever; it announces each with an advisory, and a periodic
 * sweep finds any whose advisory nobody heard (every worker was down at the time).
 */
export function watchExhaustedMessages(bus: Bus, consumer: ConsumerDef, log: Logger): () => void {
  const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${consumer.stream}.${consumer.name}`;
  const sub = natsHandles(bus).nc.subscribe(subject, {
    queue: `exhausted-${consumer.stream}-${consumer.name}`,
    callback: (_error, msg) => {
      const advisory = advisorySchema.safeParse(tryDecodeJson(msg.data));
      if (!advisory.success) return log.warn(`unreadable advisory on ${subject}`);
      void moveToDeadLetter(
        bus,
        consumer,
        advisory.data.stream_seq,
        `gave up after ${advisory.data.deliveries} deliveries`,
        log,
      );
    },
  });
  const sweep = () =>
    void sweepExhausted(bus, consumer, log).catch((error: unknown) =>
      log.debug("exhausted-message sweep failed", { error }),
    );
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  sweep();
  return () => {
    clearInterval(timer);
    sub.unsubscribe();
  };
}

/** Messages still in a work-queue stream at or below the consumer's ack floor were never acked: they exhausted. */
export async function sweepExhausted(
  bus: Bus,
  consumer: ConsumerDef,
  log: Logger,
): Promise<number> {
  const jsm = await natsHandles(bus).jsm();
  const [stream, info] = await Promise.all([
    jsm.streams.info(consumer.stream),
    jsm.consumers.info(consumer.stream, consumer.name),
  ]);
  const first = stream.state.first_seq;
  const floor = Math.min(info.ack_floor.stream_seq, first + SWEEP_MAX_MESSAGES - 1);
  let moved = 0;
  for (let seq = first; seq <= floor && stream.state.messages > 0; seq++) {
    if (
      await moveToDeadLetter(bus, consumer, seq, "found below the ack floor, past max_deliver", log)
    )
      moved++;
  }
  return moved;
}

async function moveToDeadLetter(
  bus: Bus,
  consumer: ConsumerDef,
  seq: number,
  detail: string,
  log: Logger,
): Promise<boolean> {
  const jsm = await natsHandles(bus).jsm();
  try {
    const stored = await jsm.streams.getMessage(consumer.stream, { seq });
    if (!stored) return false;
    await bus.deadLetter(
      DeadLetterReason.Exhausted,
      stored.subject,
      stored.data,
      detail,
      `${consumer.stream}:${seq}`,
    );
    await jsm.streams.deleteMessage(consumer.stream, seq, false);
    return true;
  } catch (error) {
    if (error instanceof JetStreamApiError) return false;
    log.warn(`could not move ${consumer.stream}:${seq} to the dead-letter stream`, { error });
    return false;
  }
}
