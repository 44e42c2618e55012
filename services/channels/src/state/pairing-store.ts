import { randomBytes } from "node:crypto";
import { Buckets, TypedBucket, updateWithRetry, type Bus } from "@clawfleet/bus";
import {
  approvePairing,
  emptyPairingState,
  listPendingPairings,
  pairedSenderIds,
  PairingStateSchema,
  requestPairing,
  type PairingApproveResult,
  type PairingRequest,
  type PairingRequestResult,
  type PairingSender,
} from "@clawfleet/core";
import { pairingKey, parsePairingKey, type AccountRef } from "../domain/kv-keys.js";

/** A pending request with the account it belongs to and its expiry. */
export interface PendingPairing extends PairingRequest {
  channel: string;
  accountId: string;
  expiresAt: number;
}

/** Pairing state of every account in `Buckets.Pairing` (one compare-and-set record per account; the rules are core's). */
export class PairingStore {
  private constructor(private readonly bucket: TypedBucket<typeof PairingStateSchema>) {}

  /** Opens the provisioned pairing bucket. */
  static async open(bus: Bus): Promise<PairingStore> {
    return new PairingStore(await TypedBucket.open(bus, Buckets.Pairing, PairingStateSchema));
  }

  /** Ids of the senders approved on an account. */
  async pairedSenders(account: AccountRef): Promise<Set<string>> {
    const state = await this.bucket.get(pairingKey(account));
    return state ? pairedSenderIds(state.value) : new Set();
  }

  /** A DM sender asks to pair; the state is written only when a new request was created. */
  async request(
    account: AccountRef,
    sender: PairingSender,
    now: number,
  ): Promise<PairingRequestResult> {
    let result: PairingRequestResult | undefined;
    await updateWithRetry(this.bucket, pairingKey(account), (current) => {
      result = requestPairing(
        current ?? emptyPairingState(),
        sender,
        now,
        (size) => new Uint8Array(randomBytes(size)),
      );
      return result.status === "created" ? result.state : undefined;
    });
    return result!;
  }

  /** Pending (unexpired) requests, optionally of one channel and account, oldest first. */
  async listPending(
    filter: { channel?: string; accountId?: string },
    now: number,
  ): Promise<PendingPairing[]> {
    const out: PendingPairing[] = [];
    for (const account of await this.#accounts(filter.channel)) {
      if (filter.accountId !== undefined && account.accountId !== filter.accountId) continue;
      const state = await this.bucket.get(pairingKey(account));
      if (!state) continue;
      for (const request of listPendingPairings(state.value, now))
        out.push({ ...request, ...account });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Approves a code on one account, or on whichever account of the channel has it. Returns the
   * account it was found on with core's result (the failure of the last account looked at when
   * no account has it).
   */
  async approve(
    channel: string,
    code: string,
    accountId: string | undefined,
    now: number,
  ): Promise<{ account: AccountRef; result: PairingApproveResult } | undefined> {
    const accounts =
      accountId !== undefined ? [{ channel, accountId }] : await this.#accounts(channel);
    let last: { account: AccountRef; result: PairingApproveResult } | undefined;
    for (const account of accounts) {
      let result: PairingApproveResult | undefined;
      await updateWithRetry(this.bucket, pairingKey(account), (current) => {
        result = approvePairing(current ?? emptyPairingState(), code, now);
        return result.ok ? result.state : undefined;
      });
      last = { account, result: result! };
      if (result!.ok || result!.error === "expired_code" || result!.error === "invalid_code")
        return last;
    }
    return last;
  }

  async #accounts(channel: string | undefined): Promise<AccountRef[]> {
    const keys = await this.bucket.keys(channel ? `${channel}.*` : undefined);
    return keys.map(parsePairingKey).filter((ref): ref is AccountRef => ref !== undefined);
  }
}
