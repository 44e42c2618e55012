import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dollars, fillDays, tokens, type DailyUsage } from "./usage-chart.js";

const day = (date: string, input: number): DailyUsage => ({
  date,
  input,
  output: 1,
  cacheRead: 0,
  cacheWrite: 0,
  totalTokens: input + 1,
  totalCost: 0,
  missingCostEntries: 0,
});

describe("the Usage view's figures", () => {
  it("has a day for every date of the period, zero where nothing was used", () => {
    const days = fillDays([day("2026-12-02", 5), day("2026-12-05", 7)], "2026-11-30", "2026-12-06");
    assert.deepEqual(
      days.map((d) => [d.date, d.input]),
      [
        ["2026-11-30", 0],
        ["2026-12-01", 0],
        ["2026-12-02", 5],
        ["2026-12-03", 0],
        ["2026-12-04", 0],
        ["2026-12-05", 7],
        ["2026-12-06", 0],
      ],
    );
    assert.equal(fillDays([], "2026-12-06", "2026-12-06").length, 1);
  });

  it("writes token counts and dollars briefly", () => {
    assert.equal(tokens(4321), "4,321");
    assert.equal(tokens(12_345), "12.3k");
    assert.equal(tokens(4_100_000), "4.1M");
    assert.equal(dollars(0.014268), "$0.0143");
    assert.equal(dollars(12.5), "$12.50");
  });
});
