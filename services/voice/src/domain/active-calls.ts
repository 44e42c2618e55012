import * as z from "zod";

/** The live calls cluster-wide (KV key `active`), written only by compare-and-set: the concurrent-call cap. */
export const activeCallsSchema = z.object({
  calls: z
    .record(z.string(), z.object({ since: z.number(), expiresAt: z.number() }))
    .default(() => ({})),
});
/** The live calls cluster-wide. */
export type ActiveCalls = z.infer<typeof activeCallsSchema>;

/** Result of {@link admitCall}: the new set, or why there is no room. */
export type Admission = { ok: true; next: ActiveCalls } | { ok: false; active: number };

/**
 * Takes a slot for `callId` when fewer than `max` calls are live. Slots whose `expiresAt` passed
 * are dropped first, so a slot a crashed instance never released cannot block calls for good.
 * A call that already holds a slot keeps it (a repeated webhook).
 */
export function admitCall(
  current: ActiveCalls | undefined,
  callId: string,
  max: number,
  now: number,
  holdMs: number,
): Admission {
  const live = Object.fromEntries(
    Object.entries(current?.calls ?? {}).filter(([, slot]) => slot.expiresAt > now),
  );
  if (live[callId]) return { ok: true, next: { calls: live } };
  if (Object.keys(live).length >= max) return { ok: false, active: Object.keys(live).length };
  return {
    ok: true,
    next: { calls: { ...live, [callId]: { since: now, expiresAt: now + holdMs } } },
  };
}

/** Frees the slot of `callId` (and any expired ones); undefined when there was nothing to change. */
export function releaseCall(
  current: ActiveCalls | undefined,
  callId: string,
  now: number,
): ActiveCalls | undefined {
  const entries = Object.entries(current?.calls ?? {});
  const kept = entries.filter(([id, slot]) => id !== callId && slot.expiresAt > now);
  return kept.length === entries.length ? undefined : { calls: Object.fromEntries(kept) };
}

/** Ids of the calls holding a live slot. */
export function liveCallIds(current: ActiveCalls | undefined, now: number): string[] {
  return Object.entries(current?.calls ?? {})
    .filter(([, slot]) => slot.expiresAt > now)
    .map(([id]) => id);
}
