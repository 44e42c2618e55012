import type { Logger } from "@clawfleet/log";
import { Lease, type LeaseBucket } from "./lease.js";

/** Required options of {@link runLeaseCampaign}. */
export interface LeaseCampaignOptions {
  bucket: LeaseBucket;
  key: string;
  holder: string;
  logger: Logger;
  /** Called when this process becomes the holder; the signal aborts when the lease is lost or released. */
  onAcquired: (signal: AbortSignal, fencingToken: number) => Promise<void> | void;
  /** Called after the lease was lost or released, once the holder's work must stop. */
  onReleased?: (reason: string) => Promise<void> | void;
  /** Lease lifetime without renewal; default 10 s. */
  ttlMs?: number;
  /**
   * How often a standby retries while the lease is held elsewhere; default a fifth of the TTL, at
   * most 2 s. The key watch wakes a standby at once when the holder releases, so this only bounds
   * how late an expired (never released) lease is noticed.
   */
  standbyPollMs?: number;
}

/** A running campaign for one lease. */
export interface LeaseCampaign {
  /** Whether this process holds the lease now. */
  readonly held: boolean;
  /** Resolves once the campaign watches the key and has made its first attempt. */
  readonly started: Promise<void>;
  /** Stops campaigning; when holding, stops the work and releases the lease so a standby takes over at once. */
  stop(): Promise<void>;
}

/** Default lease lifetime: a standby takes over about this long after the holder dies. */
export const DEFAULT_LEASE_TTL_MS = 10_000;

/**
 * Keeps trying to hold a lease; while holding, renews it every third of its TTL. A watch on the key
 * wakes standbys the moment the holder releases it. Losing contact with the bucket for most of the
 * TTL counts as losing the lease, so a holder stops before any standby can take over.
 */
export function runLeaseCampaign(options: LeaseCampaignOptions): LeaseCampaign {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const standbyPollMs = options.standbyPollMs ?? Math.min(2000, ttlMs / 5);
  const lease = new Lease(options.bucket, options.key, options.holder, ttlMs);
  const log = options.logger.child({ subsystem: "lease", lease: options.key });
  let running = true;
  let controller: AbortController | undefined;
  let wake: (() => void) | undefined;
  let stopWatch: (() => void) | undefined;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  const startWatch = async () => {
    try {
      stopWatch = await options.bucket.watch({ key: options.key }, (change) => {
        if (change.op === "delete") wake?.();
      });
    } catch (error) {
      log.debug("lease watch failed; relying on polling", { error });
    }
  };

  const lose = async (reason: string) => {
    if (!controller) return;
    if (running) log.warn(`lease lost: ${reason}`);
    controller.abort(new Error(reason));
    controller = undefined;
    await options.onReleased?.(reason);
  };

  const step = async (): Promise<void> => {
    try {
      if (controller) {
        if (!(await lease.renew())) await lose("another holder took it");
      } else if (await lease.tryAcquire()) {
        controller = new AbortController();
        log.info(`lease acquired by ${options.holder}`, { revision: lease.revision });
        await options.onAcquired(controller.signal, lease.revision ?? 0);
      }
    } catch (error) {
      log.debug("lease step failed", { error });
      if (controller && !lease.held) {
        lease.abandon();
        await lose("could not renew within the TTL");
      }
    }
  };

  const loop = (async () => {
    await startWatch();
    while (running) {
      await step();
      markStarted();
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, controller ? ttlMs / 3 : standbyPollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    started,
    get held() {
      return controller !== undefined && lease.held;
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      markStarted();
      stopWatch?.();
      if (controller) {
        await lose("shutting down");
        await lease
          .release()
          .catch((error: unknown) => log.warn("could not release lease", { error }));
        log.info("lease released");
      }
    },
  };
}
