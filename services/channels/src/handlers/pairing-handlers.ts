import {
  BusError,
  BusErrorCode,
  Outbox,
  PairingApprove,
  PairingList,
  type Bus,
} from "@clawfleet/bus";
import { PAIRING_APPROVED_TEXT } from "../domain/pairing-text.js";
import type { PairingStore } from "../state/pairing-store.js";

/**
 * Serves `channels.pairing.list` and `channels.pairing.approve` (any channels instance answers;
 * the state is in KV). Approving moves the sender to the account's approved list; with `notify`
 * the sender gets a note in their DM. Errors say exactly why a code was not approved.
 */
export function servePairing(bus: Bus, pairing: PairingStore): { unsubscribe(): void }[] {
  const list = bus.serve(PairingList, {}, async (request) => {
    checkNames(request.channel, request.accountId);
    const pending = await pairing.listPending(request, Date.now());
    return {
      requests: pending.map((entry) => ({
        channel: entry.channel,
        accountId: entry.accountId,
        code: entry.code,
        senderId: entry.senderId,
        senderName: entry.displayName ?? entry.username,
        createdAt: entry.createdAt,
        expiresAt: entry.expiresAt,
      })),
    };
  });

  const approve = bus.serve(PairingApprove, {}, async (request) => {
    checkNames(request.channel, request.accountId);
    const now = Date.now();
    const found = await pairing.approve(request.channel, request.code, request.accountId, now);
    if (!found)
      throw new BusError(
        BusErrorCode.NotFound,
        `no pairing requests on ${request.channel}${request.accountId ? `/${request.accountId}` : ""}`,
      );
    const { account, result } = found;
    if (!result.ok) {
      const code =
        result.error === "invalid_code" ? BusErrorCode.BadRequest : BusErrorCode.NotFound;
      throw new BusError(code, result.message);
    }
    const { senderId, username, displayName } = result.request;
    if (request.notify) {
      const id = `pairing-approved:${account.channel}:${account.accountId}:${senderId}:${now}`;
      const target = {
        channel: account.channel,
        accountId: account.accountId,
        peer: { kind: "dm" as const, id: senderId },
      };
      await bus.jsPublish(
        Outbox,
        { channel: account.channel, account: account.accountId },
        { id, target, text: PAIRING_APPROVED_TEXT, origin: "system", createdAt: now },
        { msgID: id },
      );
    }
    const senderName = displayName ?? username;
    return {
      ok: true as const,
      channel: account.channel,
      accountId: account.accountId,
      senderId,
      ...(senderName ? { senderName } : {}),
    };
  });

  return [list, approve];
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Channel and account names become KV keys; anything else cannot name a pairing record. */
function checkNames(channel: string | undefined, accountId: string | undefined): void {
  for (const [what, value] of [
    ["channel", channel],
    ["account", accountId],
  ] as const) {
    if (value !== undefined && !NAME.test(value))
      throw new BusError(
        BusErrorCode.BadRequest,
        `${what} ${JSON.stringify(value)} is not a valid ${what} name (letters, digits, - or _)`,
      );
  }
}
