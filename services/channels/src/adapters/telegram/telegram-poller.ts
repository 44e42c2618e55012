import type { Api } from "grammy";
import type { Logger } from "@clawfleet/log";
import { backoffDelay, sleep } from "../../domain/retry-timing.js";
import { ChannelsErrorCode, errorMessage } from "../../errors.js";
import type { OffsetStore } from "../../state/offset-store.js";
import { grammySignal } from "./grammy-compat.js";
import { telegramError } from "./telegram-errors.js";
import { ALLOWED_UPDATES, telegramUpdateSchema, type TelegramUpdate } from "./telegram-update.js";

/** How long one getUpdates call waits for updates. */
const POLL_TIMEOUT_S = 25;

/** What the poller needs around it. */
export interface PollerOptions {
  api: Api;
  offsets: OffsetStore;
  log: Logger;
  /** Handles one update; a rejection stops the batch so the update is fetched again. */
  handle(update: TelegramUpdate): Promise<void>;
  connection(state: { connected: boolean; error?: string }): void;
  signal: AbortSignal;
}

/**
 * Long polling with the offset in KV: resumes after the last handled update (so a restart or a
 * standby catches up on what arrived meanwhile), advances it only past handled updates, and backs
 * off on errors — a 409 (someone else polls this token) waits instead of fighting, and marks the
 * account unhealthy. Ends when `signal` aborts; the pending getUpdates is cancelled.
 */
export async function runTelegramPoller(options: PollerOptions): Promise<void> {
  const { api, log, signal } = options;
  let offset = await options.offsets.load().catch(() => undefined);
  let failures = 0;
  while (!signal.aborted) {
    let raw: unknown[];
    try {
      raw = await api.getUpdates(
        { offset, timeout: POLL_TIMEOUT_S, allowed_updates: [...ALLOWED_UPDATES] },
        grammySignal(signal),
      );
    } catch (error) {
      if (signal.aborted) break;
      failures++;
      const failure = telegramError(error, "getUpdates");
      options.connection({ connected: false, error: failure.message });
      const conflict = failure.code === ChannelsErrorCode.Conflict;
      const unauthorized = failure.code === ChannelsErrorCode.Unauthorized;
      const delay =
        failure.retryAfterMs ??
        backoffDelay(
          failures,
          conflict || unauthorized ? 5000 : 1000,
          unauthorized ? 300_000 : 60_000,
        );
      log.warn(`${failure.message}; polling again in ${Math.round(delay / 1000)} s`);
      await sleep(delay, signal);
      continue;
    }
    if (failures > 0) options.connection({ connected: true });
    failures = 0;
    const next = await handleBatch(raw, offset, options);
    if (next !== offset && next !== undefined) {
      offset = next;
      await options.offsets
        .save(offset)
        .catch((error: unknown) =>
          log.warn(`could not store the Telegram offset: ${errorMessage(error)}`),
        );
    }
  }
}

/** Handles a batch in order; returns the offset after the last handled update. */
async function handleBatch(
  raw: unknown[],
  offset: number | undefined,
  options: PollerOptions,
): Promise<number | undefined> {
  let next = offset;
  for (const item of raw) {
    const parsed = telegramUpdateSchema.safeParse(item);
    if (!parsed.success) {
      options.log.warn("skipped an update without a valid update_id");
      continue;
    }
    const update = parsed.data;
    if (next !== undefined && update.update_id < next) continue;
    try {
      await options.handle(update);
    } catch (error) {
      options.log.warn(
        `could not hand on Telegram update ${update.update_id}; fetching it again: ${errorMessage(error)}`,
      );
      await sleep(1000, options.signal);
      return next;
    }
    next = update.update_id + 1;
  }
  return next;
}
