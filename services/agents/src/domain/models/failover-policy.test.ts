import assert from "node:assert/strict";
import { test } from "node:test";
import { ModelFailure } from "../../errors.js";
import {
  DEFAULT_COOLDOWN_MS,
  decideFailover,
  ModelCooldowns,
  nextCandidate,
} from "./failover-policy.js";
import { parseModelRef } from "./model-ref.js";

const a = parseModelRef("anthropic/opus")!;
const b = parseModelRef("anthropic/sonnet")!;
const c = parseModelRef("openai/gpt-4o")!;

test("transient failures fail over and cool the model down for retry-after, else 30 s", () => {
  for (const kind of [
    ModelFailure.RateLimit,
    ModelFailure.Overloaded,
    ModelFailure.Server,
    ModelFailure.Timeout,
    ModelFailure.Connection,
  ]) {
    assert.deepEqual(
      decideFailover(kind, 7000),
      { failover: true, cooldown: { scope: "model", ms: 7000, hard: true } },
      kind,
    );
    assert.deepEqual(
      decideFailover(kind),
      { failover: true, cooldown: { scope: "model", ms: DEFAULT_COOLDOWN_MS, hard: false } },
      kind,
    );
  }
});

test("a spend limit or a bad key cools the whole provider; a request error is reported, not retried", () => {
  assert.equal(decideFailover(ModelFailure.SpendLimit).cooldown?.scope, "provider");
  assert.equal(decideFailover(ModelFailure.Auth).cooldown?.scope, "provider");
  assert.deepEqual(decideFailover(ModelFailure.BadRequest), { failover: false });
  assert.deepEqual(decideFailover(ModelFailure.Aborted), { failover: false });
  assert.deepEqual(decideFailover(ModelFailure.Config), { failover: true });
});

test("cooldowns skip a model while others are usable, and end on time", () => {
  let now = 1000;
  const cooldowns = new ModelCooldowns(() => now);
  cooldowns.add(a, { scope: "model", ms: 5000, hard: false });
  assert.deepEqual(nextCandidate([a, b], new Set(), cooldowns), { ref: b, waitMs: 0 });
  now += 5001;
  assert.deepEqual(nextCandidate([a, b], new Set(), cooldowns), { ref: a, waitMs: 0 });
});

test("a provider cooldown covers all its models", () => {
  const cooldowns = new ModelCooldowns(() => 0);
  cooldowns.add(a, { scope: "provider", ms: 60_000, hard: true });
  assert.ok(cooldowns.remainingMs(b) > 0);
  assert.equal(cooldowns.remainingMs(c), 0);
  assert.deepEqual(nextCandidate([a, b, c], new Set(), cooldowns), { ref: c, waitMs: 0 });
});

test("with every model cooling, a soft cooldown is ignored and a retry-after is waited out", () => {
  const cooldowns = new ModelCooldowns(() => 0);
  cooldowns.add(a, { scope: "model", ms: 30_000, hard: false });
  assert.deepEqual(
    nextCandidate([a], new Set(), cooldowns),
    { ref: a, waitMs: 0 },
    "untried and only softly cooling: try it",
  );
  assert.equal(
    nextCandidate([a], new Set(["anthropic/opus"]), cooldowns),
    undefined,
    "tried, no retry-after: give up",
  );
  cooldowns.add(b, { scope: "model", ms: 2000, hard: true });
  assert.deepEqual(
    nextCandidate([b], new Set(["anthropic/sonnet"]), cooldowns),
    { ref: b, waitMs: 2000 },
    "tried, retry-after 2 s: wait and retry",
  );
});

test("clear forgets a model's cooldown after it answered", () => {
  const cooldowns = new ModelCooldowns(() => 0);
  cooldowns.add(a, { scope: "model", ms: 1000, hard: true });
  cooldowns.clear(a);
  assert.equal(cooldowns.remainingMs(a), 0);
});
