import assert from "node:assert/strict";
import { test } from "node:test";
import { dailyResetBoundary, evaluateSessionReset } from "./session-reset.js";

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

test("no reset config keeps sessions until /new or /reset", () => {
  assert.deepEqual(
    evaluateSessionReset({ session: { updatedAt: 0 }, now: at("2030-01-01T00:00:00Z") }),
    { reset: false },
  );
});

test("daily mode resets once the last activity predates the latest boundary (UTC by default)", () => {
  const reset = { mode: "daily", atHour: 4 } as const;
  const now = at("2026-02-06T09:00:00Z");
  assert.deepEqual(
    evaluateSessionReset({ reset, session: { updatedAt: at("2026-02-05T23:00:00Z") }, now }),
    {
      reset: true,
      reason: "daily",
      expiredAt: at("2026-02-06T04:00:00Z"),
    },
  );
  assert.deepEqual(
    evaluateSessionReset({ reset, session: { updatedAt: at("2026-02-06T04:30:00Z") }, now }),
    { reset: false },
  );
});

test("before today's reset hour the boundary is yesterday's", () => {
  const reset = { mode: "daily", atHour: 4 } as const;
  const now = at("2026-02-06T03:00:00Z");
  assert.equal(dailyResetBoundary(now, 4), at("2026-02-05T04:00:00Z"));
  assert.equal(
    evaluateSessionReset({ reset, session: { updatedAt: at("2026-02-05T05:00:00Z") }, now }).reset,
    false,
  );
  assert.equal(
    evaluateSessionReset({ reset, session: { updatedAt: at("2026-02-05T03:59:00Z") }, now }).reset,
    true,
  );
});

test("a UTC offset moves the boundary to the local hour", () => {
  // 04:00 at UTC+2 is 02:00 UTC.
  assert.equal(dailyResetBoundary(at("2026-02-06T09:00:00Z"), 4, 120), at("2026-02-06T02:00:00Z"));
  assert.equal(dailyResetBoundary(at("2026-02-06T01:00:00Z"), 4, 120), at("2026-02-05T02:00:00Z"));
  assert.equal(dailyResetBoundary(at("2026-02-06T09:00:00Z"), 4, -300), at("2026-02-06T09:00:00Z"));
});

test("atHour defaults to 4 and is clamped to 0..23", () => {
  const now = at("2026-02-06T12:00:00Z");
  assert.equal(dailyResetBoundary(now), at("2026-02-06T04:00:00Z"));
  assert.equal(dailyResetBoundary(now, 99), at("2026-02-05T23:00:00Z"));
  assert.equal(dailyResetBoundary(now, -3), at("2026-02-06T00:00:00Z"));
});

test("idle mode resets after idleMinutes of inactivity (default 60)", () => {
  const updatedAt = at("2026-02-06T10:00:00Z");
  const idle = { mode: "idle", idleMinutes: 30 } as const;
  assert.equal(
    evaluateSessionReset({ reset: idle, session: { updatedAt }, now: updatedAt + 30 * MIN }).reset,
    false,
  );
  assert.deepEqual(
    evaluateSessionReset({ reset: idle, session: { updatedAt }, now: updatedAt + 30 * MIN + 1 }),
    {
      reset: true,
      reason: "idle",
      expiredAt: updatedAt + 30 * MIN,
    },
  );
  assert.equal(
    evaluateSessionReset({
      reset: { mode: "idle" },
      session: { updatedAt },
      now: updatedAt + 59 * MIN,
    }).reset,
    false,
  );
  assert.equal(
    evaluateSessionReset({
      reset: { mode: "idle" },
      session: { updatedAt },
      now: updatedAt + 61 * MIN,
    }).reset,
    true,
  );
});

test("daily plus idleMinutes resets on whichever expires first", () => {
  const reset = { mode: "daily", atHour: 4, idleMinutes: 60 } as const;
  const updatedAt = at("2026-02-06T05:00:00Z");
  const decision = evaluateSessionReset({
    reset,
    session: { updatedAt },
    now: at("2026-02-06T07:00:00Z"),
  });
  assert.deepEqual(decision, {
    reset: true,
    reason: "idle",
    expiredAt: at("2026-02-06T06:00:00Z"),
  });
  const both = evaluateSessionReset({
    reset,
    session: { updatedAt: at("2026-02-06T03:30:00Z") },
    now: at("2026-02-06T09:00:00Z"),
  });
  assert.deepEqual(both, { reset: true, reason: "daily", expiredAt: at("2026-02-06T04:00:00Z") });
});

test("createdAt stands in for a missing updatedAt; no timestamps means nothing to reset", () => {
  const reset = { mode: "idle", idleMinutes: 5 } as const;
  const now = at("2026-02-06T10:00:00Z");
  assert.equal(
    evaluateSessionReset({ reset, session: { createdAt: now - 10 * MIN }, now }).reset,
    true,
  );
  assert.equal(evaluateSessionReset({ reset, session: {}, now }).reset, false);
});

test("a mode-less reset block infers idle from idleMinutes and daily from atHour", () => {
  const updatedAt = at("2026-02-05T10:00:00Z");
  const now = at("2026-02-06T10:00:00Z");
  assert.equal(
    evaluateSessionReset({ reset: { idleMinutes: 120 }, session: { updatedAt }, now }).reset,
    true,
  );
  assert.equal(
    evaluateSessionReset({ reset: { atHour: 4 }, session: { updatedAt }, now }).reset,
    true,
  );
  assert.equal(evaluateSessionReset({ reset: {}, session: { updatedAt }, now }).reset, false);
});
