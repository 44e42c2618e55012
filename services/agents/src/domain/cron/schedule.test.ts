import assert from "node:assert/strict";
import { test } from "node:test";
import { heartbeatDelivery } from "./heartbeat-reply.js";
import { durationMs, firstDue, nextDue, scheduleProblem } from "./schedule.js";

test("invalid cron expressions and time zones are named with their field", () => {
  assert.match(
    scheduleProblem({ kind: "cron", expr: "61 * * * *" }) ?? "",
    /^schedule\.expr: invalid cron expression "61 \* \* \* \*"/,
  );
  assert.match(
    scheduleProblem({ kind: "cron", expr: "0 9 * * *", tz: "Mars/Olympus" }) ?? "",
    /^schedule\.tz: unknown time zone "Mars\/Olympus"/,
  );
  assert.equal(scheduleProblem({ kind: "cron", expr: "0 9 * * *", tz: "Europe/Rome" }), undefined);
});

test("next due times: cron in its time zone, every from its anchor, at once", () => {
  const after = Date.parse("2026-12-05T10:00:00Z");
  assert.equal(
    nextDue({ kind: "cron", expr: "0 9 * * *", tz: "Europe/Rome" }, after, 0),
    Date.parse("2026-12-06T08:00:00Z"),
  );
  assert.equal(nextDue({ kind: "every", everyMs: 60_000, anchorMs: 0 }, 150_000, 0), 180_000);
  assert.equal(nextDue({ kind: "at", atMs: 5 }, 0, 0), undefined);
  assert.equal(firstDue({ kind: "at", atMs: 5 }, 100, 100), 5, "a past at fires late, not never");
  assert.equal(firstDue({ kind: "every", everyMs: 1000 }, 100, 100), 1100);
  assert.equal(durationMs("30m"), 1_800_000);
  assert.ok(Number.isNaN(durationMs("soon")));
});

test("HEARTBEAT_OK with little else is not delivered; other text is", () => {
  assert.equal(heartbeatDelivery("HEARTBEAT_OK", 300), null);
  assert.equal(heartbeatDelivery("All quiet. HEARTBEAT_OK", 300), null);
  assert.equal(heartbeatDelivery("Water the plants!", 300), "Water the plants!");
  assert.equal(heartbeatDelivery(`HEARTBEAT_OK ${"x".repeat(20)}`, 10), "x".repeat(20));
});
