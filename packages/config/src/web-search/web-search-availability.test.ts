import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ClawEnv } from "../env/claw-env.js";
import { OpenClawConfigSchema } from "../schema/openclaw-config.js";
import { webSearchAvailability } from "./web-search-availability.js";

describe("whether web_search is offered", () => {
  const config = (value: unknown) => OpenClawConfigSchema.parse(value);
  const env = (key?: string): ClawEnv => (key ? { BRAVE_API_KEY: key } : {});

  test("not without a key, saying how to enable it; with BRAVE_API_KEY yes", () => {
    const none = webSearchAvailability(config({}), env());
    assert.equal(none.ready, false);
    assert.match(!none.ready ? none.reason : "", /set BRAVE_API_KEY/);
    const withEnv = webSearchAvailability(config({}), env("BSAenv"));
    assert.equal(withEnv.ready && withEnv.settings.apiKey, "BSAenv");
    assert.equal(
      withEnv.ready && withEnv.settings.endpoint,
      "https://api.search.brave.com/res/v1/web/search",
    );
  });

  test("the plugin key wins over the legacy tools.web.search.apiKey, which wins over the env", () => {
    const legacy = webSearchAvailability(
      config({ tools: { web: { search: { apiKey: "BSAlegacy" } } } }),
      env("BSAenv"),
    );
    assert.equal(legacy.ready && legacy.settings.apiKey, "BSAlegacy");
    const plugin = webSearchAvailability(
      config({
        tools: { web: { search: { apiKey: "BSAlegacy", cacheTtlMinutes: 0 } } },
        plugins: { entries: { brave: { config: { webSearch: { apiKey: "BSAplugin" } } } } },
      }),
      env("BSAenv"),
    );
    assert.equal(plugin.ready && plugin.settings.apiKey, "BSAplugin");
    assert.equal(plugin.ready && plugin.settings.cacheTtlMs, 0);
  });

  test("other providers, llm-context mode and enabled:false say why it is not offered", () => {
    const reason = (value: unknown) => {
      const state = webSearchAvailability(config(value), env("BSAenv"));
      return state.ready ? "ready" : state.reason;
    };
    assert.match(
      reason({ tools: { web: { search: { provider: "exa" } } } }),
      /"exa" is not supported by clawfleet/,
    );
    assert.match(reason({ tools: { web: { search: { enabled: false } } } }), /enabled is false/);
    assert.match(
      reason({
        plugins: { entries: { brave: { config: { webSearch: { mode: "llm-context" } } } } },
      }),
      /llm-context.*not supported/,
    );
  });
});
