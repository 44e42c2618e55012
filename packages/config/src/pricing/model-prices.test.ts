import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema } from "../schema/openclaw-config.js";
import { modelPrice, usageCost } from "./model-prices.js";

test("built-in prices cover known models; the config's cost overrides them and prices others", () => {
  const config = OpenClawConfigSchema.parse({
    models: {
      providers: {
        anthropic: { models: [{ id: "claude-opus-4-5", cost: { input: 1, output: 2 } }] },
        local: { models: [{ id: "llama", cost: { input: 0.1, output: 0.2, cacheRead: 0.01 } }] },
      },
    },
  });
  assert.deepEqual(modelPrice(config, "anthropic/claude-sonnet-4-6"), {
    input: 3,
    output: 15,
    cacheRead: 0.3,
    cacheWrite: 3.75,
  });
  assert.deepEqual(modelPrice(config, "anthropic/claude-opus-4-5"), { input: 1, output: 2 });
  assert.equal(modelPrice(config, "local/llama")?.cacheRead, 0.01);
  assert.equal(modelPrice(config, "local/other"), undefined);
});

test("cost: each kind of token at its price per million, cache at input price when unnamed", () => {
  const usage = {
    inputTokens: 1_000_000,
    outputTokens: 500_000,
    cacheReadTokens: 200_000,
    cacheWriteTokens: 100_000,
  };
  assert.equal(
    usageCost(usage, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }),
    3 + 7.5 + 0.06 + 0.375,
  );
  assert.equal(usageCost(usage, { input: 1, output: 2 }), 1 + 1 + 0.2 + 0.1);
});

test("a negative price is refused naming the field", () => {
  const result = OpenClawConfigSchema.safeParse({
    models: { providers: { x: { models: [{ id: "m", cost: { input: -1, output: 1 } }] } } },
  });
  assert.equal(result.success, false);
  assert.deepEqual(result.error!.issues[0]!.path, [
    "models",
    "providers",
    "x",
    "models",
    0,
    "cost",
    "input",
  ]);
});
