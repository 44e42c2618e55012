import { createHash } from "node:crypto";

/** An account as the KV keys see it; account ids are restricted to `[A-Za-z0-9_-]` (see account-spec). */
export interface AccountRef {
  channel: string;
  accountId: string;
}

/** Lease key of an account in `Buckets.Leases`, e.g. `channel.telegram.default`. */
export function leaseKey(account: AccountRef): string {
  return `channel.${account.channel}.${account.accountId}`;
}

/** Pairing state key of an account in `Buckets.Pairing`. */
export function pairingKey(account: AccountRef): string {
  return `${account.channel}.${account.accountId}`;
}

/** Reads `<channel>.<account>` back from a pairing key. */
export function parsePairingKey(key: string): AccountRef | undefined {
  const [channel, accountId, ...rest] = key.split(".");
  return channel && accountId && rest.length === 0 ? { channel, accountId } : undefined;
}

/** Status record key of an account in `Buckets.ChannelState`. */
export function statusKey(account: AccountRef): string {
  return `status.${account.channel}.${account.accountId}`;
}

/** Telegram update offset key of an account in `Buckets.ChannelState`. */
export function offsetKey(account: AccountRef): string {
  return `offset.${account.channel}.${account.accountId}`;
}

/**
 * Key in `Buckets.Deliveries` of one chunk of one outbox message. Outbox ids are free text (`:`
 * and the like), so they are hashed; the account prefix keeps accounts apart.
 */
export function deliveryKey(account: AccountRef, outboxId: string, chunkIndex: number): string {
  const digest = createHash("sha256").update(outboxId).digest("base64url");
  return `${account.channel}.${account.accountId}.${digest}.${chunkIndex}`;
}
