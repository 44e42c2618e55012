import { runLeaseCampaign, type LeaseBucket, type LeaseCampaign } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { AccountSpec } from "../domain/account-spec.js";
import { leaseKey } from "../domain/kv-keys.js";
import { AccountSession, type SessionServices } from "./account-session.js";

/** What a runner needs beyond the session's services. */
export interface RunnerServices extends SessionServices {
  leases: LeaseBucket;
}

/**
 * Campaigns for one account's lease and runs its session while holding it, so the account has one
 * live connection cluster-wide. A standby instance waits in the campaign and takes over when the
 * holder's lease expires, or at once when the holder releases it on shutdown — after the holder's
 * session has fully stopped (no second Telegram poller, no 409).
 */
export class AccountRunner {
  #spec: AccountSpec;
  #session: AccountSession | undefined;
  readonly #campaign: LeaseCampaign;

  constructor(spec: AccountSpec, services: RunnerServices, logger: Logger) {
    this.#spec = spec;
    this.#campaign = runLeaseCampaign({
      bucket: services.leases,
      key: leaseKey(spec),
      holder: services.instanceId,
      logger,
      // Connecting can take seconds; the campaign must keep renewing meanwhile, so the session runs on its own.
      onAcquired: (signal) => {
        this.#session = new AccountSession(() => this.#spec, services, signal);
      },
      onReleased: async () => {
        await this.#session?.done;
        this.#session = undefined;
      },
    });
  }

  /** The account's current spec; access rules and limits are read from it live. */
  get spec(): AccountSpec {
    return this.#spec;
  }

  /** Replaces the spec when only settings that need no reconnect changed. */
  update(spec: AccountSpec): void {
    this.#spec = spec;
  }

  /** Whether this instance holds the account now. */
  get held(): boolean {
    return this.#campaign.held;
  }

  /** Resolves after the first attempt to take the lease. */
  get started(): Promise<void> {
    return this.#campaign.started;
  }

  /** Stops the session (when holding) and releases the lease, so a standby takes over at once. */
  stop(): Promise<void> {
    return this.#campaign.stop();
  }
}
