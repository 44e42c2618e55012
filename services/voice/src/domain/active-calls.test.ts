import assert from "node:assert/strict";
import { test } from "node:test";
import { admitCall, liveCallIds, releaseCall } from "./active-calls.js";

test("the call cap refuses the extra call and frees a slot when a call ends", () => {
  const one = admitCall(undefined, "a", 2, 1000, 60_000);
  assert.ok(one.ok);
  const two = admitCall(one.next, "b", 2, 1001, 60_000);
  assert.ok(two.ok);
  assert.deepEqual(admitCall(two.next, "c", 2, 1002, 60_000), { ok: false, active: 2 });
  const again = admitCall(two.next, "a", 2, 1003, 60_000);
  assert.ok(again.ok, "a call that holds a slot keeps it on a repeated webhook");
  assert.deepEqual(Object.keys(again.next.calls).sort(), ["a", "b"]);
  const freed = releaseCall(two.next, "a", 1004);
  assert.deepEqual(liveCallIds(freed, 1004), ["b"]);
  assert.ok(admitCall(freed, "c", 2, 1005, 60_000).ok);
  assert.equal(releaseCall(freed, "zzz", 1006), undefined, "nothing to change, nothing written");
});

test("a slot nobody released (a crashed instance) stops counting once it expires", () => {
  const stale = admitCall(undefined, "crashed", 1, 1000, 60_000);
  assert.ok(stale.ok);
  assert.equal(admitCall(stale.next, "next", 1, 30_000, 60_000).ok, false);
  const later = admitCall(stale.next, "next", 1, 61_001, 60_000);
  assert.ok(later.ok);
  assert.deepEqual(Object.keys(later.next.calls), ["next"]);
});
