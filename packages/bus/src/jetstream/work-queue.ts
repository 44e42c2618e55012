import { ClawError, errorMessage } from "@clawfleet/core";
import { newTraceId, withTrace, type Logger } from "@clawfleet/log";
import type * as z from "zod";
import type { ConsumerDef, StreamSubjectDef } from "../catalogue/define.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { decodePayload } from "../core/codec.js";
import { DeadLetterReason } from "../core/dead-letter-subject.js";
import { BusHeader } from "../core/headers.js";
import { parseVersionedSubject } from "../core/subject-versions.js";
import { watchExhaustedMessages } from "./exhausted-messages.js";
import type { PulledMessage } from "./pulled-message.js";
import { SlotPuller } from "./slot-puller.js";

/** What a handler decides for a message: done, try again after a delay, or give up (dead-letter). */
export type WorkVerdict = { ack: true } | { nakMs: number } | { term: string };

/** Shorthands for the verdicts. */
export const Verdict = {
  ack: { ack: true } as WorkVerdict,
  retryIn: (ms: number): WorkVerdict => ({ nakMs: ms }),
  giveUp: (reason: string): WorkVerdict => ({ term: reason }),
} as const;

/** A work item handed to a handler. */
export interface WorkItem<T> {
  data: T;
  subject: string;
  params: Record<string, string>;
  /** Stream sequence of the message. */
  seq: number;
  /** 1 on first delivery. */
  deliveryCount: number;
  traceId: string;
  /** Tells the server the handler is still working, so it does not redeliver (sent automatically too). */
  working(): void;
}

/** Required options of {@link consumeWork}. */
export interface WorkQueueOptions<T extends string, S extends z.ZodType> {
  consumer: ConsumerDef;
  subject: StreamSubjectDef<T, S>;
  /** At most this many handlers run at once in this process. */
  concurrency: number;
  handler: (item: WorkItem<z.output<S>>) => Promise<WorkVerdict>;
  logger: Logger;
  /** Delay before a retry after a thrown retryable error; defaults to exponential from 250 ms to 30 s. */
  retryDelayMs?: (deliveryCount: number) => number;
  /** How long one pull waits for a message; shorter means faster shutdown, more idle traffic. */
  pullExpiresMs?: number;
}

/** A running work-queue consumer. */
export interface WorkQueueHandle {
  /** Number of handlers running now. */
  readonly inFlight: number;
  /** Changes how many handlers may run at once; running ones finish, no new one starts while over. */
  resize(concurrency: number): void;
  /** Stops pulling and waits for running handlers to finish; messages delivered meanwhile are handed back. */
  stop(): Promise<void>;
}

const DEFAULT_PULL_EXPIRES_MS = 5000;
/** Pulls that expire sooner than this only add traffic. */
const MIN_PULL_EXPIRES_MS = 1000;

/** Default retry delay: 250 ms doubling per delivery, capped at 30 s. */
export function exponentialRetryDelay(deliveryCount: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * Consumes a durable work-queue consumer with bounded concurrency: one subscription asks for as many
 * messages as there are free slots (see {@link SlotPuller}), so no message waits in a client buffer
 * while its ack timer runs. Running handlers are kept alive with `working()`; invalid payloads and
 * given-up messages go to the dead-letter stream; messages past `max_deliver` are moved there too,
 * never left in the queue.
 */
export function consumeWork<T extends string, S extends z.ZodType>(
  bus: Bus,
  options: WorkQueueOptions<T, S>,
): WorkQueueHandle {
  const legacy = options.consumer.legacy;
  const current = consumeDurable(bus, options);
  if (!legacy) return current;
  // For one release: the durable of the pre-`.v1` subject is drained alongside (see ConsumerDef.legacy).
  const old = consumeDurable(bus, { ...options, consumer: legacy });
  return {
    get inFlight() {
      return current.inFlight + old.inFlight;
    },
    resize(concurrency: number) {
      current.resize(concurrency);
      old.resize(concurrency);
    },
    async stop() {
      await Promise.all([current.stop(), old.stop()]);
    },
  };
}

function consumeDurable<T extends string, S extends z.ZodType>(
  bus: Bus,
  options: WorkQueueOptions<T, S>,
): WorkQueueHandle {
  const log = options.logger.child({ subsystem: "work", consumer: options.consumer.name });
  const stopExhausted = watchExhaustedMessages(bus, options.consumer, log);
  const puller = new SlotPuller(natsHandles(bus).nc, {
    stream: options.consumer.stream,
    consumer: options.consumer.name,
    slots: options.concurrency,
    expiresMs: Math.max(MIN_PULL_EXPIRES_MS, options.pullExpiresMs ?? DEFAULT_PULL_EXPIRES_MS),
    keepAliveMs: Math.max(500, Math.floor(options.consumer.ackWaitMs / 3)),
    logger: log,
    onMessage: (msg) => {
      handle(msg)
        .catch((error: unknown) => {
          // Settling failed (the dead-letter write, most likely): let the message come again later.
          log.warn(`could not settle ${options.consumer.stream}:${msg.seq}, retrying later`, {
            error,
          });
          try {
            msg.nak(1000);
          } catch {
            // The connection is closing: the server redelivers once the ack wait passes.
          }
        })
        .finally(() => puller.done(msg));
    },
  });

  async function handle(msg: PulledMessage): Promise<void> {
    const origin = `${options.consumer.stream}:${msg.seq}`;
    let data: z.output<S>;
    try {
      data = decodePayload(options.subject.schema, msg.subject, msg.data);
    } catch (error) {
      await bus.deadLetter(
        DeadLetterReason.Invalid,
        msg.subject,
        msg.data,
        errorMessage(error),
        origin,
      );
      msg.ack();
      return;
    }
    const traceId = msg.headers?.get(BusHeader.Trace) || newTraceId();
    const item: WorkItem<z.output<S>> = {
      data,
      subject: msg.subject,
      params: parseVersionedSubject(options.subject, msg.subject) ?? {},
      seq: msg.seq,
      deliveryCount: msg.deliveryCount,
      traceId,
      working: () => msg.working(),
    };
    const verdict = await withTrace(traceId, () =>
      options.handler(item).catch((error: unknown) => verdictForError(error, item.deliveryCount)),
    );
    await settle(msg, verdict, origin);
  }

  function verdictForError(error: unknown, deliveryCount: number): WorkVerdict {
    // the shared error protocol decides; an unknown throw is retried
    const retryable = !(error instanceof ClawError) || error.retryable;
    log.error(
      `handler failed on delivery ${deliveryCount}${retryable ? ", will retry" : ", giving up"}`,
      { error },
    );
    if (!retryable) return Verdict.giveUp(errorMessage(error));
    const retryAfter = error instanceof ClawError ? error.retryAfterMs : undefined;
    return Verdict.retryIn(
      retryAfter ?? (options.retryDelayMs ?? exponentialRetryDelay)(deliveryCount),
    );
  }

  async function settle(msg: PulledMessage, verdict: WorkVerdict, origin: string): Promise<void> {
    if ("ack" in verdict) return msg.ack();
    if ("nakMs" in verdict) return msg.nak(verdict.nakMs);
    await bus.deadLetter(DeadLetterReason.Rejected, msg.subject, msg.data, verdict.term, origin);
    msg.ack();
  }

  return {
    get inFlight() {
      return puller.busy;
    },
    resize(concurrency: number) {
      puller.resize(concurrency);
    },
    async stop() {
      stopExhausted();
      await puller.stop();
    },
  };
}
