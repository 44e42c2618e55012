import {
  channelAccountStatusSchema,
  leaseStale,
  type ChannelAccountStatus,
  type LeaseRecord,
} from "@clawfleet/bus";
import * as z from "zod";
import type { AccountSpec } from "./account-spec.js";

/** What the holder of an account keeps in `Buckets.ChannelState` under `status.<channel>.<account>`. */
export const storedStatusSchema = channelAccountStatusSchema
  .pick({
    connected: true,
    mode: true,
    botName: true,
    lastError: true,
    lastErrorAt: true,
    lastConnectedAt: true,
    lastInboundAt: true,
    lastOutboundAt: true,
    updatedAt: true,
  })
  .extend({
    /** The instance that wrote it (the lease holder at the time). */
    instance: z.string(),
  });
/** A stored account status. */
export type StoredStatus = z.infer<typeof storedStatusSchema>;

/** Whether a lease record still has a live holder at `now` (renewed within its TTL plus clock skew). */
export function liveHolder(lease: LeaseRecord | undefined, now: number): string | undefined {
  if (!lease) return undefined;
  return leaseStale(lease, now) ? undefined : lease.holder;
}

/**
 * One line of `channels.status`: configuration from the spec, the live holder from the lease, and
 * what the holder last recorded. A record written by an instance that no longer holds the lease
 * does not count as connected; a configuration problem is the account's error.
 */
export function accountStatus(
  spec: AccountSpec,
  stored: StoredStatus | undefined,
  lease: LeaseRecord | undefined,
  now: number,
): ChannelAccountStatus {
  const holder = spec.enabled ? liveHolder(lease, now) : undefined;
  const status: ChannelAccountStatus = {
    channel: spec.channel,
    accountId: spec.accountId,
    configured: true,
    enabled: spec.enabled,
    connected: holder !== undefined && stored?.instance === holder && stored.connected,
    mode: spec.mode,
    updatedAt: stored?.updatedAt ?? now,
  };
  if (holder) status.holder = holder;
  if (stored?.botName) status.botName = stored.botName;
  if (stored?.lastConnectedAt) status.lastConnectedAt = stored.lastConnectedAt;
  if (stored?.lastInboundAt) status.lastInboundAt = stored.lastInboundAt;
  if (stored?.lastOutboundAt) status.lastOutboundAt = stored.lastOutboundAt;
  if (spec.enabled && spec.problem) {
    status.lastError = spec.problem;
  } else if (stored?.lastError) {
    status.lastError = stored.lastError;
    if (stored.lastErrorAt) status.lastErrorAt = stored.lastErrorAt;
  }
  return status;
}
