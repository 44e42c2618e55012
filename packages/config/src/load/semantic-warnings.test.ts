import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigText } from "./parse-config-text.js";
import { SHARED_DM_SESSION_WARNING } from "./semantic-warnings.js";

function warningsOf(text: string): readonly { path: string; message: string }[] {
  const result = parseConfigText(text, { file: "/cfg/openclaw.json", env: {} });
  assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
  return result.warnings;
}

describe("open DMs in one shared session", () => {
  it("warns for each open dmPolicy (channel or account) while dmScope is main", () => {
    const warnings = warningsOf(`{
      channels: {
        telegram: { botToken: "t", dmPolicy: "open", allowFrom: ["*"] },
        discord: { token: "d", accounts: { second: { dmPolicy: "open", allowFrom: ["*"] } } },
      },
    }`);
    assert.deepEqual(
      warnings
        .filter((w) => w.message === SHARED_DM_SESSION_WARNING)
        .map((w) => w.path)
        .sort(),
      ["channels.discord.accounts.second.dmPolicy", "channels.telegram.dmPolicy"],
    );
  });

  it("says nothing with a per-sender dmScope or without open DMs", () => {
    const perPeer = warningsOf(`{
      session: { dmScope: "per-channel-peer" },
      channels: { telegram: { botToken: "t", dmPolicy: "open", allowFrom: ["*"] } },
    }`);
    assert.deepEqual(perPeer, []);
    const pairing = warningsOf(`{ channels: { telegram: { botToken: "t" } } }`);
    assert.deepEqual(pairing, []);
  });
});

describe("web-search settings clawfleet cannot run", () => {
  it("warns about another provider and Brave's llm-context mode, naming the key", () => {
    const warnings = warningsOf(`{
      tools: { web: { search: { provider: "perplexity" } } },
      plugins: { entries: { brave: { config: { webSearch: { mode: "llm-context" } } } } },
    }`);
    assert.deepEqual(
      warnings.map((w) => w.path),
      ["tools.web.search.provider", "plugins.entries.brave.config.webSearch.mode"],
    );
    assert.match(warnings[0]!.message, /"perplexity" is not supported.*web_search is not offered/);
    assert.match(warnings[1]!.message, /"llm-context" is not supported/);
  });

  it("says nothing for Brave in web mode", () => {
    assert.deepEqual(warningsOf(`{ tools: { web: { search: { provider: "brave" } } } }`), []);
  });
});
