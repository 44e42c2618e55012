import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OpenClawConfigSchema } from "../schema/openclaw-config.js";
import { memorySearchMode } from "./memory-search-settings.js";

const config = (document: unknown) => OpenClawConfigSchema.parse(document);
const reasonOf = (mode: ReturnType<typeof memorySearchMode>) =>
  mode.kind === "keyword" ? mode.reason : `not keyword: ${mode.kind}`;

describe("memory.search as memory_search reads it", () => {
  it("embeds with OpenAI when the provider is openai and a key is there", () => {
    const mode = memorySearchMode(config({ memory: { search: { provider: "openai" } } }), {
      OPENAI_API_KEY: "sk-env",
    });
    assert.deepEqual(mode, {
      kind: "semantic",
      settings: {
        provider: "openai",
        model: "text-embedding-3-small",
        baseUrl: "https://api.openai.com/v1",
        apiKey: "sk-env",
      },
    });
  });

  it("reads the legacy agents.defaults.memorySearch and remote endpoint keys", () => {
    const mode = memorySearchMode(
      config({
        agents: {
          defaults: {
            memorySearch: {
              provider: "openai-compatible",
              model: "bge-m3",
              remote: { baseUrl: "https://emb.example/v1/", apiKey: "k-remote" },
            },
          },
        },
      }),
      { OPENAI_API_KEY: "sk-env" },
    );
    assert.equal(mode.kind, "semantic");
    assert.deepEqual(mode.kind === "semantic" && mode.settings, {
      provider: "openai-compatible",
      model: "bge-m3",
      baseUrl: "https://emb.example/v1",
      apiKey: "k-remote",
    });
  });

  it("searches by keywords without a provider, key or supported provider, and is off when disabled", () => {
    assert.equal(memorySearchMode(config({}), { OPENAI_API_KEY: "sk" }).kind, "keyword");
    assert.match(
      reasonOf(memorySearchMode(config({ memory: { search: { provider: "openai" } } }), {})),
      /needs an API key: set OPENAI_API_KEY/,
    );
    assert.match(
      reasonOf(memorySearchMode(config({ memory: { search: { provider: "voyage" } } }), {})),
      /"voyage" is not supported by clawfleet/,
    );
    assert.deepEqual(memorySearchMode(config({ memory: { search: { enabled: false } } }), {}), {
      kind: "off",
    });
  });
});
