import assert from "node:assert/strict";
import { test } from "node:test";
import type { RandomBytes } from "./pairing-code.js";
import type { PairingRequestResult, PairingState } from "./pairing-state.js";
import {
  approvePairing,
  emptyPairingState,
  listPendingPairings,
  pairedSenderIds,
  PAIRING_TTL_MS,
  PairingStateSchema,
  prunePairingState,
  requestPairing,
  revokePairing,
} from "./pairing-state.js";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MIN = 60_000;

/** A deterministic random source: each call yields the next fill byte for all 8 characters. */
function counter(start = 0): RandomBytes {
  let next = start;
  return (size) => new Uint8Array(size).fill(next++);
}

function created(result: PairingRequestResult): { code: string; state: PairingState } {
  assert.equal(result.status, "created");
  if (result.status !== "created") throw new Error("unreachable");
  return result;
}

test("a new sender gets a fresh code that expires after one hour", () => {
  const result = requestPairing(
    emptyPairingState(),
    { id: "111", username: "alice" },
    T0,
    counter(),
  );
  const { code, state } = created(result);
  assert.equal(code, "AAAAAAAA");
  assert.equal(result.status === "created" && result.expiresAt, T0 + PAIRING_TTL_MS);
  assert.deepEqual(
    listPendingPairings(state, T0).map((r) => r.senderId),
    ["111"],
  );
  assert.ok(PairingStateSchema.safeParse(state).success);
});

test("asking again returns the same pending code", () => {
  const random = counter();
  const first = created(requestPairing(emptyPairingState(), { id: "111" }, T0, random));
  const again = requestPairing(
    first.state,
    { id: "111", username: "alice" },
    T0 + 10 * MIN,
    random,
  );
  assert.equal(again.status, "existing");
  if (again.status !== "existing") return;
  assert.equal(again.code, first.code);
  assert.equal(again.expiresAt, T0 + PAIRING_TTL_MS);
  assert.equal(again.state.requests[0]?.lastSeenAt, T0 + 10 * MIN);
  assert.equal(again.state.requests[0]?.username, "alice");
});

test("at most three pending per account: the fourth sender is refused with a clear message", () => {
  const random = counter();
  let state = emptyPairingState();
  for (const id of ["1", "2", "3"])
    state = created(requestPairing(state, { id }, T0, random)).state;
  const fourth = requestPairing(state, { id: "4" }, T0 + MIN, random);
  assert.equal(fourth.status, "refused");
  if (fourth.status !== "refused") return;
  assert.equal(fourth.reason, "too_many_pending");
  assert.match(fourth.message, /3 pairing requests are already pending/);
  assert.equal(fourth.state, state);
  // Once one expires the slot frees up.
  const later = requestPairing(state, { id: "4" }, T0 + PAIRING_TTL_MS, random);
  assert.equal(later.status, "created");
});

test("codes never collide with a retained code", () => {
  const sameEveryTime: RandomBytes = (size) => new Uint8Array(size);
  const first = created(requestPairing(emptyPairingState(), { id: "1" }, T0, sameEveryTime));
  const second = requestPairing(first.state, { id: "2" }, T0, sameEveryTime);
  assert.equal(second.status, "refused");
  if (second.status === "refused") assert.equal(second.reason, "no_free_code");
  const varied = requestPairing(first.state, { id: "2" }, T0, counter(0));
  assert.equal(varied.status, "created");
  if (varied.status === "created") assert.notEqual(varied.code, first.code);
});

test("approve moves the sender to the approved list", () => {
  const { code, state } = created(
    requestPairing(emptyPairingState(), { id: "111", username: "alice" }, T0, counter(5)),
  );
  const result = approvePairing(state, code.toLowerCase(), T0 + 5 * MIN);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(result.request.senderId, "111");
  assert.deepEqual(result.state.requests, []);
  assert.deepEqual(result.state.approved, [
    { senderId: "111", approvedAt: T0 + 5 * MIN, username: "alice" },
  ]);
  assert.deepEqual([...pairedSenderIds(result.state)], ["111"]);
  assert.equal(
    requestPairing(result.state, { id: "111" }, T0 + 6 * MIN, counter()).status,
    "already_approved",
  );
  assert.deepEqual(revokePairing(result.state, "111").approved, []);
});

test("approve reports unknown, expired and malformed codes precisely", () => {
  const { code, state } = created(
    requestPairing(emptyPairingState(), { id: "111" }, T0, counter(3)),
  );
  const expired = approvePairing(state, code, T0 + PAIRING_TTL_MS);
  assert.equal(expired.ok, false);
  if (!expired.ok) {
    assert.equal(expired.error, "expired_code");
    assert.match(expired.message, /expired at 2026-03-01T13:00:00.000Z/);
  }
  const unknown = approvePairing(state, "ZZZZZZZZ", T0);
  assert.equal(!unknown.ok && unknown.error, "unknown_code");
  const malformed = approvePairing(state, "hello", T0);
  assert.equal(!malformed.ok && malformed.error, "invalid_code");
});

test("an expired sender asking again gets a new code; long-expired records are pruned", () => {
  const random = counter();
  const first = created(requestPairing(emptyPairingState(), { id: "111" }, T0, random));
  const renewed = created(
    requestPairing(first.state, { id: "111" }, T0 + PAIRING_TTL_MS + MIN, random),
  );
  assert.notEqual(renewed.code, first.code);
  assert.equal(renewed.state.requests.length, 1);
  assert.deepEqual(listPendingPairings(first.state, T0 + PAIRING_TTL_MS), []);
  assert.equal(
    prunePairingState(first.state, T0 + PAIRING_TTL_MS + 23 * 60 * MIN).requests.length,
    1,
  );
  assert.equal(
    prunePairingState(first.state, T0 + PAIRING_TTL_MS + 24 * 60 * MIN).requests.length,
    0,
  );
});

test("stored state is validated, and a bare object gets defaults", () => {
  assert.deepEqual(PairingStateSchema.parse({}), { version: 1, requests: [], approved: [] });
  const bad = PairingStateSchema.safeParse({
    requests: [{ senderId: "1", code: "OOOOOOOO", createdAt: 0, lastSeenAt: 0 }],
  });
  assert.equal(bad.success, false);
});
