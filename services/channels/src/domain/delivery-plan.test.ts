import assert from "node:assert/strict";
import { test } from "node:test";
import { planDelivery } from "./delivery-plan.js";

const target = {
  channel: "telegram",
  accountId: "default",
  peer: { kind: "dm" as const, id: "1" },
  replyToMessageId: "9",
};

test("only the first chunk replies to the trigger; keys are stable per message and chunk", () => {
  const text = ["a".repeat(30), "b".repeat(30), "c".repeat(30)].join("\n\n");
  const plan = planDelivery({ id: "out:1", target, text }, 40);
  assert.deepEqual(
    plan.map((c) => c.text),
    ["a".repeat(30), "b".repeat(30), "c".repeat(30)],
  );
  assert.deepEqual(
    plan.map((c) => c.replyToMessageId),
    ["9", undefined, undefined],
  );
  assert.deepEqual(
    planDelivery({ id: "out:1", target, text }, 40).map((c) => c.key),
    plan.map((c) => c.key),
  );
  assert.notEqual(planDelivery({ id: "out:2", target, text }, 40)[0]?.key, plan[0]?.key);
  assert.match(
    plan[0]!.key,
    /^telegram\.default\.[A-Za-z0-9_-]+\.0$/,
    "a valid KV key whatever the outbox id",
  );
});

test("a silent reply plans nothing", () => {
  assert.deepEqual(planDelivery({ id: "x", target, text: "NO_REPLY" }, 100), []);
});
