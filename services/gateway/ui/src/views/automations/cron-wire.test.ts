import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { everyInWords, fieldErrors, scheduleInWords } from "./cron-wire.js";

describe("cron jobs as the Automations view shows them", () => {
  it("says intervals and expressions in words", () => {
    assert.equal(everyInWords(1_800_000), "every 30 minutes");
    assert.equal(everyInWords(3_600_000), "every hour");
    assert.equal(everyInWords(1500), "every 1500 ms");
    assert.equal(scheduleInWords({ kind: "cron", expr: "0 9 * * *" }), "cron 0 9 * * * (UTC)");
    assert.equal(
      scheduleInWords({ kind: "cron", expr: "0 9 * * *", tz: "Europe/Rome" }),
      "cron 0 9 * * * (Europe/Rome)",
    );
  });

  it("puts each gateway error next to the field it names", () => {
    assert.deepEqual(
      fieldErrors(
        "invalid cron.add params: schedule.everyMs: Too small; payload.message: Too small",
      ),
      { every: "Too small", message: "Too small" },
    );
    assert.deepEqual(fieldErrors('schedule.expr: invalid cron expression "x": bad'), {
      expr: 'invalid cron expression "x": bad',
    });
    assert.deepEqual(fieldErrors("unknown agent nobody"), { form: "unknown agent nobody" });
  });
});
