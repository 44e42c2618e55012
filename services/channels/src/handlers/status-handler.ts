import { ChannelsStatus, type Bus, type LeaseBucket } from "@clawfleet/bus";
import type { AccountSpec } from "../domain/account-spec.js";
import { accountStatus } from "../domain/account-status.js";
import { leaseKey, statusKey } from "../domain/kv-keys.js";
import type { StatusBucket } from "../state/status-recorder.js";

/** What `channels.status` reads. */
export interface StatusDeps {
  /** Every configured account, from the running config. */
  specs: () => AccountSpec[];
  statuses: StatusBucket;
  leases: LeaseBucket;
}

/**
 * Serves `channels.status` (any channels instance answers): every configured account with its
 * live lease holder and what that holder last recorded — connected, bot name, last error, last
 * inbound and outbound times. Reads KV, so it is right whichever instance holds which account.
 */
export function serveChannelsStatus(bus: Bus, deps: StatusDeps): { unsubscribe(): void } {
  return bus.serve(ChannelsStatus, {}, async () => {
    const now = Date.now();
    const accounts = await Promise.all(
      deps.specs().map(async (spec) => {
        const [stored, lease] = await Promise.all([
          deps.statuses.get(statusKey(spec)),
          deps.leases.get(leaseKey(spec)),
        ]);
        return accountStatus(spec, stored?.value, lease?.value, now);
      }),
    );
    return { ts: now, accounts };
  });
}
