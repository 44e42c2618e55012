import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema, readClawEnv } from "@clawfleet/config";
import { defaultModelWarning } from "./default-model-key.js";

function config(json: unknown) {
  return OpenClawConfigSchema.parse(json);
}

test("startup names the env var to set when the default model's API key is missing", () => {
  const warning = defaultModelWarning(config({}), readClawEnv({}));
  assert.match(warning ?? "", /anthropic\/claude-opus-4-5 cannot answer: .*set ANTHROPIC_API_KEY/);
  const openai = config({ agents: { defaults: { model: { primary: "openai/gpt-4o" } } } });
  assert.match(defaultModelWarning(openai, readClawEnv({})) ?? "", /set OPENAI_API_KEY/);
});

test("no warning when the key is set", () => {
  assert.equal(
    defaultModelWarning(config({}), readClawEnv({ ANTHROPIC_API_KEY: "sk-ant-x" })),
    undefined,
  );
});
