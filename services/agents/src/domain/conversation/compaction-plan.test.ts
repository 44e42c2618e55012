import assert from "node:assert/strict";
import { test } from "node:test";
import type { TranscriptEntry } from "@clawfleet/bus";
import { historyMessages } from "./history-messages.js";
import { planCompaction, summaryRequest, visibleEntries } from "./compaction-plan.js";

const entry = (role: TranscriptEntry["role"], text: string): TranscriptEntry => ({
  role,
  text,
  ts: 1,
  sessionId: "s",
});

const turns = (n: number): TranscriptEntry[] =>
  Array.from({ length: n }, (_, i) => [
    entry("user", `question ${i}`),
    entry("assistant", `answer ${i}`),
  ]).flat();

test("the cut keeps the newest turns within the budget, starting at a user entry", () => {
  const entries = turns(4);
  const plan = planCompaction(entries, 20)!;
  assert.equal(
    plan.kept,
    2,
    "question 3 and answer 3 fit 20 tokens, answer 2 alone would open with the assistant",
  );
  assert.deepEqual(
    plan.older.map((e) => e.text),
    ["question 0", "answer 0", "question 1", "answer 1", "question 2", "answer 2"],
  );
  assert.equal(planCompaction(turns(1), 1000), null, "nothing older than the kept tail");
});

test("after a compaction the model sees the summary, the kept tail and what came later", () => {
  const entries = turns(3);
  const marker: TranscriptEntry = {
    ...entry("system", "they talked about 0 and 1"),
    compaction: { kept: 2, tokensBefore: 50, tokensAfter: 20, trigger: "manual" },
  };
  const all = [...entries, marker, entry("user", "question 3")];
  assert.deepEqual(
    visibleEntries(all).map((e) => e.text),
    ["they talked about 0 and 1", "question 2", "answer 2", "question 3"],
  );
  const messages = historyMessages(all);
  assert.equal(messages[0]!.role, "user");
  assert.match(
    JSON.stringify(messages[0]),
    /Summary of the earlier conversation[\s\S]*they talked about 0 and 1/,
  );
  // A second compaction re-distils the first summary with what followed.
  const again = planCompaction(all, 0)!;
  assert.equal(again.older[0], marker);
  assert.match(
    summaryRequest(again.older),
    /Summary of what came before:\nthey talked about 0 and 1/,
  );
});

test("the operator's focus is passed on, capped at 800 characters", () => {
  const text = summaryRequest(turns(1), `  ${"x".repeat(900)} `);
  assert.match(text, /Focus of this summary \(from the operator\): x{800}$/);
});
