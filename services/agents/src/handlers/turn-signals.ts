import { randomUUID } from "node:crypto";
import { Verdict, type WorkItem, type WorkVerdict } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { HandBackError } from "../turn/message-turn.js";
import { leaseExpired, SessionHold } from "../turn/state/session-hold.js";
import { holderGone } from "./holder-liveness.js";
import { lastInboxSeq, readInbox } from "../turn/state/inbox-reader.js";
import { inboxReadLimit, serveSession, type Prefetch } from "../turn/serve-session.js";
import { StopReason } from "../turn/turn-control.js";
import type { TurnDeps } from "../turn/turn-deps.js";

/** From this delivery on, an unexpected failure ends the turn with an error reply instead of another retry. */
export const LAST_RESORT_DELIVERY = 5;
/** When a turn lost its lease, its signal comes back after this long. */
const HAND_BACK_RETRY_MS = 1000;
/** A signal whose input INBOX does not show yet comes back after this long (doubling, up to 2 s). */
const NOT_STORED_RETRY_MS = 250;
/** How often a redelivered signal looks at a busy session's lease. */
const LEASE_POLL_MS = 500;

type TurnSignal = { sessionKey: string; seq: number };

/** This process's name on leases: the instance id plus a per-process nonce (a restarted machine is another holder). */
export const processHolder = (instanceId: string): string =>
  `${instanceId}#${randomUUID().slice(0, 8)}`;

/** What {@link waitForLease} found: the lease is free (or expired), or its holder is gone (its token). */
type LeaseWait = { free: true } | { orphaned: string };

/**
 * Waits until a busy session's lease is released or expires, or its holder is found gone (a killed
 * process answers no liveness request: taken over at once instead of after the TTL); undefined when
 * this worker stops first.
 */
async function waitForLease(
  deps: TurnDeps,
  token: string,
  holder: string,
  stopping: () => boolean,
): Promise<LeaseWait | undefined> {
  while (!stopping()) {
    const current = await deps.sessions.get(token);
    const lease = current?.value.lease;
    if (!lease || leaseExpired(lease, Date.now())) return { free: true };
    if (lease.holder !== holder && (await holderGone(deps.bus, lease.holder)))
      return { orphaned: lease.token };
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
  return undefined;
}

/**
 * Starts reading the inbox while the lease is being taken, when this worker wrote the session's state
 * last and left it free: the read needs the last handled sequence, and the compare-and-set that takes
 * the lease will most likely find that state. Saves a round trip of latency per turn; the read is
 * used only if it starts no later than the input after the one the taken state says was handled.
 */
function prefetchInbox(
  deps: Pick<TurnDeps, "bus" | "config" | "known" | "logger">,
  token: string,
  wanted: number,
): Prefetch | undefined {
  const known = deps.known.get(token)?.value;
  if (!known || known.lease || known.pending || known.lastSeq >= wanted) return undefined;
  const fromSeq = known.lastSeq + 1;
  const page = readInbox(
    deps.bus,
    token,
    fromSeq,
    inboxReadLimit(deps.config.current),
    deps.logger,
  );
  page.catch(() => undefined); // an unused or failed read is not an error
  return { fromSeq, page };
}

/**
 * Handles one TURNS signal ("session has input up to seq"): takes the session's lease and drains
 * its inbox, or acks when the input is already answered or a live holder will take it (a holder in
 * this process also learns the new sequence, so it goes on instead of releasing). After
 * releasing the lease it looks at the inbox once more — input that arrived meanwhile may have had
 * its signal acked by a worker that saw the lease — and goes again if there is any. The signal is
 * acked only then; a worker that dies leaves it unacked, so it is redelivered and the next worker
 * (taking over at once from a holder found gone, else waiting out its lease) drains the whole inbox. Never naks to wait.
 */
export function turnSignalHandler(
  deps: TurnDeps,
  holder: string,
  stopping: () => boolean,
): (item: WorkItem<TurnSignal>) => Promise<WorkVerdict> {
  // Sessions this process is serving now, with the newest input sequence their signals announced.
  const serving = new Map<string, { wanted: number }>();
  return async (item) => {
    if (stopping()) return Verdict.retryIn(0);
    const key = item.data.sessionKey;
    const token = sessionToken(key);
    const mine = serving.get(token);
    if (mine) {
      // Served here right now: that turn loop takes this input too (or its look after release finds it).
      mine.wanted = Math.max(mine.wanted, item.data.seq);
      if (item.deliveryCount === 1) return Verdict.ack;
    }
    // A redelivery: its last worker may have died mid-drain, after the signals of later inputs were
    // acked against its lease — so this one answers for everything in the inbox, not just its own seq.
    const wanted = {
      wanted:
        item.deliveryCount > 1
          ? Math.max(item.data.seq, await lastInboxSeq(deps.bus, token))
          : item.data.seq,
    };
    let prefetched = prefetchInbox(deps, token, wanted.wanted);
    let orphaned: string | undefined;
    for (let round = 0; round < 100; round++) {
      const acquired = await SessionHold.acquire(deps.sessions, key, {
        holder,
        ttlMs: deps.leaseTtlMs,
        ownTokens: deps.active.leaseTokens,
        known: deps.known,
        ...(orphaned ? { orphaned } : {}),
        hasWork: (state) => state.pending !== undefined || state.lastSeq < wanted.wanted,
      });
      if ("idle" in acquired) return Verdict.ack;
      if ("busy" in acquired) {
        // A first delivery: the live holder will see this input. A redelivery: the holder may be dead.
        if (item.deliveryCount === 1) return Verdict.ack;
        const waited = await waitForLease(deps, token, holder, stopping);
        if (!waited) return Verdict.retryIn(0);
        orphaned = "orphaned" in waited ? waited.orphaned : undefined;
        continue;
      }
      const hold = acquired.held;
      const handledBefore = hold.value.lastSeq;
      const prefetchedNow = prefetched;
      prefetched = undefined;
      let handled: number;
      serving.set(token, wanted);
      try {
        hold.keepAlive(deps.leaseRenewMs, () =>
          deps.active.abort(key, undefined, StopReason.LeaseLost),
        );
        handled = await serveSession(deps, hold, {
          lastResort: item.deliveryCount >= LAST_RESORT_DELIVERY,
          stopping,
          wanted: () => wanted.wanted,
          prefetched: prefetchedNow,
        });
      } catch (error) {
        serving.delete(token);
        await hold.release().catch(() => undefined);
        // Handed back (shutdown, or a lease we could not renew — maybe NATS was away): let the signal
        // come again so whoever holds the session next (possibly us) finishes it; never ack it here.
        if (error instanceof HandBackError)
          return Verdict.retryIn(stopping() ? 0 : HAND_BACK_RETRY_MS);
        throw error;
      } finally {
        deps.active.leaseTokens.delete(hold.lease.token);
      }
      let newest: number;
      try {
        newest = await lastInboxSeq(deps.bus, token);
      } finally {
        // In the same tick as the answer: a signal seen before this raised `wanted`, one after acquires itself.
        serving.delete(token);
      }
      newest = Math.max(newest, wanted.wanted);
      if (newest <= handled) return Verdict.ack;
      // Shutting down with input left: hand the signal back so another worker drains the session.
      if (stopping()) return Verdict.retryIn(0);
      // Input announced but not readable yet (INBOX has not stored it): ask again later, never ack it unanswered.
      if (handled <= handledBefore)
        return Verdict.retryIn(
          Math.min(2000, NOT_STORED_RETRY_MS * 2 ** Math.min(3, item.deliveryCount - 1)),
        );
      wanted.wanted = newest;
    }
    // Input kept coming for 100 rounds: the signal comes again (it answers for the whole inbox then).
    return Verdict.retryIn(0);
  };
}
