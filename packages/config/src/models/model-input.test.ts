import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema } from "../schema/openclaw-config.js";
import { acceptsImages, modelInput } from "./model-input.js";

const empty = OpenClawConfigSchema.parse({});

test("known vision models of Anthropic, OpenAI and Google accept images without any config", () => {
  for (const [provider, model] of [
    ["anthropic", "claude-opus-4-5"],
    ["anthropic", "claude-sonnet-4-5-20250929"],
    ["anthropic", "claude-3-5-sonnet-latest"],
    ["openai", "gpt-4o"],
    ["openai", "gpt-4o-mini"],
    ["openai", "gpt-4.1"],
    ["openai", "gpt-5"],
    ["openai", "o3"],
    ["openai", "o4-mini"],
    ["google", "gemini-2.5-pro"],
    ["openrouter", "anthropic/claude-sonnet-4-5"],
  ] as const)
    assert.equal(acceptsImages(empty, provider, model), true, `${provider}/${model}`);
});

test("text-only models, and models of providers the rule does not know, do not", () => {
  for (const [provider, model] of [
    ["anthropic", "claude-3-5-haiku-latest"],
    ["anthropic", "claude-2.1"],
    ["openai", "gpt-3.5-turbo"],
    ["openai", "gpt-4"],
    ["openai", "o1-mini"],
    ["openai", "o3-mini"],
    ["openai", "gpt-4o-audio-preview"],
    ["ollama", "llava"],
    ["myproxy", "claude-opus-4-5"],
  ] as const)
    assert.equal(acceptsImages(empty, provider, model), false, `${provider}/${model}`);
});

test("the config's models.providers.<p>.models[].input wins over the built-in rule, both ways", () => {
  const config = OpenClawConfigSchema.parse({
    models: {
      providers: {
        ollama: {
          baseUrl: "http://localhost:11434/v1",
          models: [{ id: "llava", input: ["text", "image"] }],
        },
        anthropic: {
          models: [{ id: "claude-opus-4-5", input: ["text"] }, { id: "claude-sonnet-4-5" }],
        },
      },
    },
  });
  assert.deepEqual(modelInput(config, "ollama", "llava"), ["text", "image"]);
  assert.deepEqual(modelInput(config, "anthropic", "claude-opus-4-5"), ["text"]);
  // Listed without `input`: the built-in rule still applies.
  assert.deepEqual(modelInput(config, "anthropic", "claude-sonnet-4-5"), ["text", "image"]);
});

test("an input kind OpenClaw does not know is refused with its path", () => {
  const result = OpenClawConfigSchema.safeParse({
    models: { providers: { ollama: { models: [{ id: "llava", input: ["text", "smell"] }] } } },
  });
  assert.equal(result.success, false);
  assert.match(JSON.stringify(result.error?.issues[0]?.path), /"input",1/);
});
