import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema, type OpenClawConfigInput } from "@clawfleet/config";
import { DEFAULT_MODEL, modelCandidates, resolveAgentSettings } from "./agent-settings.js";
import { resolveModelRef } from "./model-ref.js";
import { resolveProvider } from "./provider-settings.js";

const cfg = (input: OpenClawConfigInput) => OpenClawConfigSchema.parse(input);

test("an agent inherits the defaults and overrides its own model and tools", () => {
  const config = cfg({
    agents: {
      defaults: {
        model: {
          primary: "anthropic/claude-opus-4-5",
          fallbacks: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"],
        },
        maxConcurrent: 6,
        timeoutSeconds: 30,
      },
      list: [
        { id: "main", default: true },
        { id: "ops", name: "Ops", model: "openai/gpt-4o", tools: { deny: ["voice_call"] } },
      ],
    },
    messages: { queue: { mode: "steer" } },
  });
  const main = resolveAgentSettings(config, "main");
  assert.equal(main.primary, "anthropic/claude-opus-4-5");
  assert.deepEqual(main.fallbacks, ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"]);
  assert.equal(main.timeoutMs, 30_000);
  assert.equal(main.queueMode, "collect", "steer runs as collect");
  const ops = resolveAgentSettings(config, "ops");
  assert.equal(ops.primary, "openai/gpt-4o");
  assert.equal(ops.name, "Ops");
  assert.deepEqual(ops.tools.deny, ["voice_call"]);
  assert.equal(resolveAgentSettings(cfg({}), "main").primary, DEFAULT_MODEL);
});

test("candidates: override first, aliases resolved, duplicates and junk dropped", () => {
  const config = cfg({
    agents: {
      defaults: {
        model: {
          primary: "sonnet",
          fallbacks: ["anthropic/claude-sonnet-4-5", "not-a-ref", "openai/gpt-4o"],
        },
        models: { "anthropic/claude-sonnet-4-5": { alias: "sonnet" } },
      },
    },
  });
  const settings = resolveAgentSettings(config, "main");
  assert.deepEqual(
    modelCandidates(config, settings).refs.map((r) => r.ref),
    ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"],
  );
  assert.deepEqual(modelCandidates(config, settings).invalid, ["not-a-ref"]);
  assert.deepEqual(
    modelCandidates(config, settings, "openai/gpt-4o").refs.map((r) => r.ref),
    ["openai/gpt-4o", "anthropic/claude-sonnet-4-5"],
  );
  assert.equal(
    resolveModelRef("SONNET", config.agents.defaults.models)?.ref,
    "anthropic/claude-sonnet-4-5",
  );
});

test("providers: env keys win, base URLs from config or env, custom providers need baseUrl and key", () => {
  const config = cfg({
    models: {
      providers: {
        anthropic: { apiKey: "from-config", baseUrl: "https://proxy.example/anthropic" },
        local: { baseUrl: "http://127.0.0.1:11434/v1", apiKey: "ollama" },
        nokey: { baseUrl: "http://x/v1" },
      },
    },
  });
  const anthropic = resolveProvider(config, { ANTHROPIC_API_KEY: "from-env" }, "anthropic");
  assert.deepEqual(anthropic, {
    ok: true,
    settings: {
      id: "anthropic",
      api: "anthropic-messages",
      apiKey: "from-env",
      baseURL: "https://proxy.example/anthropic",
    },
  });
  assert.deepEqual(resolveProvider(config, {}, "openai"), {
    ok: false,
    error: "no API key for openai: set OPENAI_API_KEY",
  });
  assert.deepEqual(
    resolveProvider(cfg({}), { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://fake/v1" }, "openai"),
    {
      ok: true,
      settings: { id: "openai", api: "openai-completions", apiKey: "k", baseURL: "http://fake/v1" },
    },
  );
  assert.equal(resolveProvider(config, {}, "local").ok, true);
  assert.match(
    (resolveProvider(config, {}, "nokey") as { error: string }).error,
    /no API key for nokey: set models\.providers\.nokey\.apiKey/,
  );
  assert.match(
    (resolveProvider(config, {}, "mystery") as { error: string }).error,
    /unknown model provider "mystery"/,
  );
  const google = resolveProvider(cfg({}), { GOOGLE_API_KEY: "g" }, "google");
  assert.equal(
    google.ok && google.settings.baseURL,
    "https://generativelanguage.googleapis.com/v1beta/openai/",
  );
});
