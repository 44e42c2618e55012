import { newTraceId, withTrace, type Logger } from "@clawfleet/log";
import type { Consumer, JsMsg } from "@nats-io/jetstream";
import type * as z from "zod";
import type { ConsumerDef, StreamSubjectDef } from "../catalogue/define.js";
import type { Bus } from "../core/bus.js";
import { decodePayload } from "../core/codec.js";
import { DeadLetterReason } from "../core/dead-letter-subject.js";
import { BusHeader } from "../core/headers.js";
import { parseSubject } from "../core/subject-template.js";
import { BusError } from "../errors.js";
import { watchExhaustedMessages } from "./exhausted-messages.js";

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
  /** Stops pulling and waits for running handlers to finish. */
  stop(): Promise<void>;
}

const DEFAULT_PULL_EXPIRES_MS = 5000;
/** The client refuses pulls that expire sooner than this. */
const MIN_PULL_EXPIRES_MS = 1000;

/** Default retry delay: 250 ms doubling per delivery, capped at 30 s. */
export function exponentialRetryDelay(deliveryCount: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * Consumes a durable work-queue consumer with bounded concurrency: one pull loop per slot, so no
 * message waits in a client buffer while its ack timer runs. Handlers get periodic `working()`
 * calls; invalid payloads and given-up messages go to the dead-letter stream; messages past
 * `max_deliver` are moved there too, never left in the queue.
 */
export function consumeWork<T extends string, S extends z.ZodType>(bus: Bus, options: WorkQueueOptions<T, S>): WorkQueueHandle {
  const log = options.logger.child({ subsystem: "work", consumer: options.consumer.name });
  let running = true;
  let inFlight = 0;
  const stopExhausted = watchExhaustedMessages(bus, options.consumer, log);
  const loops = Array.from({ length: options.concurrency }, () => pullLoop());

  async function pullLoop(): Promise<void> {
    let consumer: Consumer | undefined;
    while (running && !bus.nc.isClosed()) {
      try {
        consumer ??= await bus.js.consumers.get(options.consumer.stream, options.consumer.name);
        const msg = await consumer.next({ expires: Math.max(MIN_PULL_EXPIRES_MS, options.pullExpiresMs ?? DEFAULT_PULL_EXPIRES_MS) });
        if (!msg) continue;
        inFlight++;
        try {
          await handle(msg);
        } finally {
          inFlight--;
        }
      } catch (error) {
        if (!running) break;
        log.debug("pull failed, retrying", { error });
        consumer = undefined;
        await sleep(1000);
      }
    }
  }

  async function handle(msg: JsMsg): Promise<void> {
    const origin = `${options.consumer.stream}:${msg.seq}`;
    let data: z.output<S>;
    try {
      data = decodePayload(options.subject.schema, msg.subject, msg.data);
    } catch (error) {
      await bus.deadLetter(DeadLetterReason.Invalid, msg.subject, msg.data, (error as Error).message, origin);
      msg.ack();
      return;
    }
    const traceId = msg.headers?.get(BusHeader.Trace) || newTraceId();
    const keepAliveMs = Math.max(500, Math.floor(options.consumer.ackWaitMs / 3));
    const keepAlive = setInterval(() => msg.working(), keepAliveMs);
    keepAlive.unref();
    try {
      const item: WorkItem<z.output<S>> = {
        data,
        subject: msg.subject,
        params: parseSubject(options.subject.subject, msg.subject) ?? {},
        seq: msg.seq,
        deliveryCount: msg.info.deliveryCount,
        traceId,
        working: () => msg.working(),
      };
      const verdict = await withTrace(traceId, () => options.handler(item).catch((error: unknown) => verdictForError(error, item.deliveryCount)));
      await settle(msg, verdict, origin);
    } finally {
      clearInterval(keepAlive);
    }
  }

  function verdictForError(error: unknown, deliveryCount: number): WorkVerdict {
    const retryable = !(error instanceof BusError) || error.retryable;
    log.error(`handler failed on delivery ${deliveryCount}${retryable ? ", will retry" : ", giving up"}`, { error });
    if (!retryable) return Verdict.giveUp((error as Error).message);
    const retryAfter = error instanceof BusError ? error.retryAfterMs : undefined;
    return Verdict.retryIn(retryAfter ?? (options.retryDelayMs ?? exponentialRetryDelay)(deliveryCount));
  }

  async function settle(msg: JsMsg, verdict: WorkVerdict, origin: string): Promise<void> {
    if ("ack" in verdict) return msg.ack();
    if ("nakMs" in verdict) return msg.nak(verdict.nakMs);
    await bus.deadLetter(DeadLetterReason.Rejected, msg.subject, msg.data, verdict.term, origin);
    msg.ack();
  }

  return {
    get inFlight() {
      return inFlight;
    },
    async stop() {
      running = false;
      stopExhausted();
      await Promise.all(loops);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
