import { Buckets, isRevisionConflict, TypedBucket, type Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import * as z from "zod";
import { stableId } from "../domain/stable-id.js";
import { ErrorCode, GatewayError } from "../errors.js";

const recordSchema = z.object({
  method: z.string(),
  state: z.enum(["pending", "done"]),
  result: z.unknown().optional(),
  at: z.number(),
});

/** A request still running elsewhere is considered abandoned after this long. */
const PENDING_STALE_MS = 60_000;

/**
 * Deduplicates side-effecting methods by `idempotencyKey` in the `idempotency` KV bucket (24 h), so
 * a client's retry — even after a gateway restart, or against another gateway — returns the first
 * result instead of acting twice. Only successes are remembered; a failed call may be retried.
 */
export class IdempotencyStore {
  private constructor(
    private readonly bucket: TypedBucket<typeof recordSchema>,
    private readonly log: Logger,
  ) {}

  /** Opens the provisioned bucket. */
  static async open(bus: Bus, logger: Logger): Promise<IdempotencyStore> {
    return new IdempotencyStore(
      await TypedBucket.open(bus, Buckets.Idempotency, recordSchema),
      logger.child({ subsystem: "idempotency" }),
    );
  }

  /** Runs `work` once per (method, key); a repeat gets the stored result. Without a key it just runs. */
  async run<T>(method: string, key: string | undefined, work: () => Promise<T>): Promise<T> {
    if (!key) return work();
    const kvKey = `${method.replace(/[^A-Za-z0-9_-]/g, "_")}.${stableId(key, 43)}`;
    let claimed: boolean;
    try {
      const previous = await this.#claim(kvKey, method);
      if (previous !== undefined) return previous.result as T;
      claimed = true;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      this.log.warn(`idempotency store unavailable; running ${method} without dedupe`, { error });
      claimed = false;
    }
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (claimed) await this.bucket.delete(kvKey).catch(() => {});
      throw error;
    }
    if (claimed)
      await this.bucket
        .put(kvKey, { method, state: "done", result: result as unknown, at: Date.now() })
        .catch((error: unknown) =>
          this.log.warn(`could not store the result of ${method}`, { error }),
        );
    return result;
  }

  // Marks the key pending; returns the stored record when the key already completed.
  async #claim(kvKey: string, method: string): Promise<{ result: unknown } | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.bucket.get(kvKey);
      const pending = { method, state: "pending" as const, at: Date.now() };
      try {
        if (!existing) {
          await this.bucket.create(kvKey, pending);
          return undefined;
        }
        if (existing.value.state === "done") return { result: existing.value.result };
        if (Date.now() - existing.value.at < PENDING_STALE_MS) {
          throw new GatewayError(
            ErrorCode.Unavailable,
            `a ${method} request with this idempotencyKey is still in progress`,
            { retryAfterMs: 1000 },
          );
        }
        await this.bucket.update(kvKey, pending, existing.revision);
        return undefined;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    throw new GatewayError(
      ErrorCode.Unavailable,
      `a ${method} request with this idempotencyKey is still in progress`,
      { retryAfterMs: 1000 },
    );
  }
}
