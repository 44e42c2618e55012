import {
  Outbox,
  consumeWork,
  getAttachment,
  outboxConsumer,
  Verdict,
  type Bus,
  type OutboxMessage,
  type WorkQueueHandle,
  type WorkVerdict,
} from "@clawfleet/bus";
import type { ReplyTarget } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../domain/account-spec.js";
import type { ChannelAdapter } from "../domain/channel-adapter.js";
import {
  imageLabel,
  planDelivery,
  planImages,
  type PlannedImage,
} from "../domain/delivery-plan.js";
import { sleep } from "../domain/retry-timing.js";
import { ChannelsError, ChannelsErrorCode } from "../errors.js";
import type { DeliveryLog } from "../state/delivery-log.js";

/** A platform `retry_after` up to this long is waited out in place; a longer one hands the message back with that delay. */
const MAX_INLINE_WAIT_MS = 60_000;
/** How a sent chunk's failed delivery record is retried. */
export interface RecordRetry {
  /** Give up (and log that a redelivery may send the chunk again) once this long has passed. */
  patienceMs: number;
  /** The wait after the first failed write, doubling per attempt. */
  firstDelayMs: number;
  /** The longest wait between two writes. */
  maxDelayMs: number;
}

/** A minute of patience (a stream leader election takes seconds), 200 ms doubling up to 5 s. */
export const DEFAULT_RECORD_RETRY: RecordRetry = {
  patienceMs: 60_000,
  firstDelayMs: 200,
  maxDelayMs: 5000,
};

/**
 * How long a reply waits before its next try after a failed send: 1 s doubling per delivery, capped
 * at a minute, so a platform outage gets minutes, not seconds, before the reply is dead-lettered
 * (max_deliver is 10).
 */
export function outboxRetryDelayMs(deliveryCount: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, deliveryCount - 1));
}

/** What the outbox consumer of an account needs. */
export interface OutboxDeps {
  bus: Bus;
  spec: () => AccountSpec;
  adapter: ChannelAdapter;
  deliveries: DeliveryLog;
  logger: Logger;
  /** Aborts when the account is released: stop sending, hand the message back. */
  signal: AbortSignal;
  /** A chunk reached the platform. */
  onSent?: (target: ReplyTarget) => void;
  /** A message could not be delivered and was given up (shown in status). */
  onFailed?: (reason: string) => void;
  /** How a failed delivery record is retried; {@link DEFAULT_RECORD_RETRY} unless set. */
  recordRetry?: RecordRetry;
}

/**
 * Consumes the account's outbox (`outbox.v1.<channel>.<account>`, durable consumer) one message at a
 * time, so replies keep their order. Each chunk is sent unless the deliveries bucket says it was
 * sent before — a redelivered message is never sent twice — and recorded right after. A 429 is
 * waited out; a failure the platform will keep refusing is dead-lettered; others retry.
 */
export function startOutboxConsumer(deps: OutboxDeps): WorkQueueHandle {
  const spec = deps.spec();
  const log = deps.logger.child({ subsystem: "outbox", account: spec.accountId });
  return consumeWork(deps.bus, {
    consumer: outboxConsumer(spec.channel, spec.accountId),
    subject: Outbox,
    concurrency: 1,
    logger: deps.logger,
    pullExpiresMs: 1000,
    retryDelayMs: outboxRetryDelayMs,
    handler: async (item) => {
      const message = item.data;
      if (message.target.channel !== spec.channel || message.target.accountId !== spec.accountId) {
        return Verdict.giveUp(
          `outbox message for ${message.target.channel}/${message.target.accountId} arrived on ${item.subject}`,
        );
      }
      return deliver(deps, message, log);
    },
  });
}

async function deliver(
  deps: OutboxDeps,
  message: OutboxMessage,
  log: Logger,
): Promise<WorkVerdict> {
  const imagesSupported = deps.adapter.sendImage !== undefined;
  // Images first, each once (recorded like chunks), then the text.
  for (const image of planImages(message, imagesSupported)) {
    if (deps.signal.aborted) return Verdict.retryIn(0);
    if (await deps.deliveries.wasSent(image.key)) continue;
    const verdict = await sendStep(deps, message, image.key, `image ${image.index + 1}`, log, () =>
      sendImage(deps, message, image),
    );
    if (verdict) return verdict;
  }
  const chunks = planDelivery(message, deps.spec().chunkLimit, imagesSupported);
  for (const chunk of chunks) {
    if (deps.signal.aborted) return Verdict.retryIn(0);
    if (await deps.deliveries.wasSent(chunk.key)) continue;
    const verdict = await sendStep(deps, message, chunk.key, `chunk ${chunk.index + 1}`, log, () =>
      deps.adapter.send(message.target, chunk, deps.signal),
    );
    if (verdict) return verdict;
  }
  return Verdict.ack;
}

/** Sends one planned image; an image no longer stored is said in a text message instead. */
async function sendImage(
  deps: OutboxDeps,
  message: OutboxMessage,
  image: PlannedImage,
): Promise<string> {
  const bytes = await getAttachment(deps.bus, image.attachment.ref);
  const reply = image.replyToMessageId ? { replyToMessageId: image.replyToMessageId } : {};
  if (!bytes)
    return deps.adapter.send(
      message.target,
      {
        text: `(image ${imageLabel(image.attachment)} not sent: it is no longer stored)`,
        idempotencyKey: image.idempotencyKey,
        ...reply,
      },
      deps.signal,
    );
  try {
    return await deps.adapter.sendImage!(
      message.target,
      {
        bytes,
        mimeType: image.attachment.mimeType,
        fileName: imageLabel(image.attachment),
        idempotencyKey: image.idempotencyKey,
        ...reply,
      },
      deps.signal,
    );
  } catch (error) {
    // An image the platform refuses for good (too large for it, a missing scope) must not take the
    // reply's text down with it: the chat is told why, in its place.
    if (
      !(error instanceof ChannelsError) ||
      error.retryable ||
      error.code === ChannelsErrorCode.RateLimited ||
      deps.signal.aborted
    )
      throw error;
    return deps.adapter.send(
      message.target,
      {
        text: `(image ${imageLabel(image.attachment)} not sent: ${error.message})`,
        idempotencyKey: image.idempotencyKey,
        ...reply,
      },
      deps.signal,
    );
  }
}

/**
 * Records a chunk the platform took. The send cannot be undone, so a failed write (the deliveries
 * bucket electing a new leader after a node's loss) is retried for a while — giving up early would
 * let the redelivered message be sent again — even once the account is being released.
 */
async function recordDelivered(
  deps: OutboxDeps,
  key: string,
  messageId: string,
  log: Logger,
): Promise<void> {
  const retry = deps.recordRetry ?? DEFAULT_RECORD_RETRY;
  const sentAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.deliveries.recordSent(key, messageId, sentAt);
    } catch (error) {
      if (Date.now() - sentAt >= retry.patienceMs) {
        log.error(`could not record delivered chunk ${key}; a redelivery may send it again`, {
          error,
        });
        throw error;
      }
      log.warn(`recording delivered chunk ${key} failed (attempt ${attempt}); retrying`, {
        error,
      });
      await sleep(Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/** Sends one chunk or image, waiting out rate limits; returns a verdict only when the message must not be acked now. */
async function sendStep(
  deps: OutboxDeps,
  message: OutboxMessage,
  key: string,
  what: string,
  log: Logger,
  send: () => Promise<string>,
): Promise<WorkVerdict | undefined> {
  for (;;) {
    try {
      const messageId = await send();
      await recordDelivered(deps, key, messageId, log);
      deps.onSent?.(message.target);
      return undefined;
    } catch (error) {
      if (deps.signal.aborted) return Verdict.retryIn(0);
      if (!(error instanceof ChannelsError)) throw error;
      if (error.code === ChannelsErrorCode.RateLimited) {
        const waitMs = error.retryAfterMs ?? 1000;
        if (waitMs > MAX_INLINE_WAIT_MS) return Verdict.retryIn(waitMs);
        log.info(`${error.message}; waiting`);
        await sleep(waitMs, deps.signal);
        if (deps.signal.aborted) return Verdict.retryIn(0);
        continue;
      }
      if (!error.retryable) {
        const reason = `could not deliver outbox message ${message.id} (${what}): ${error.message}`;
        deps.onFailed?.(reason);
        return Verdict.giveUp(reason);
      }
      throw error;
    }
  }
}
