import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema } from "@clawfleet/config";
import { catalogEntry, modelsFromConfig } from "./model-catalog.js";

test("models.list entries say which models take images: reported by the agents, else from the config", () => {
  const config = OpenClawConfigSchema.parse({
    agents: {
      defaults: {
        model: { primary: "anthropic/claude-sonnet-4-5", fallbacks: ["openai/gpt-3.5-turbo"] },
      },
    },
    models: {
      providers: {
        ollama: {
          baseUrl: "http://127.0.0.1:11434/v1",
          models: [
            { id: "llava", input: ["text", "image"] },
            { id: "llama3", input: ["text"] },
          ],
        },
      },
    },
  });
  const entries = modelsFromConfig(config).map(catalogEntry);
  assert.deepEqual(
    entries.map((e) => [e.ref, e.input]),
    [
      ["anthropic/claude-sonnet-4-5", ["text", "image"]],
      ["openai/gpt-3.5-turbo", ["text"]],
      ["ollama/llava", ["text", "image"]],
      ["ollama/llama3", ["text"]],
    ],
  );
  // What an agents worker reports is kept as it is; an older worker that does not say reads as text.
  assert.deepEqual(
    catalogEntry({ id: "openai/gpt-4o", provider: "openai", input: ["text", "image"] }).input,
    ["text", "image"],
  );
  assert.deepEqual(catalogEntry({ id: "openai/gpt-4o", provider: "openai" }).input, ["text"]);
});
