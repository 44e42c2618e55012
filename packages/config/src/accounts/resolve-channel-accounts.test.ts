import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigText } from "../load/parse-config-text.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";
import { resolveChannelAccounts } from "./resolve-channel-accounts.js";

function config(text: string): OpenClawConfig {
  const result = parseConfigText(text, { file: "/tmp/openclaw.json", env: {} });
  assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
  return result.config;
}

describe("resolveChannelAccounts", () => {
  it("gives a channel without accounts one default account", () => {
    const discord = config('{ channels: { discord: { token: "t" } } }').channels.discord;
    assert.ok(discord);
    const accounts = resolveChannelAccounts(discord);
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0]?.accountId, "default");
    assert.equal(accounts[0]?.config.token, "t");
    assert.equal("accounts" in (accounts[0]?.config ?? {}), false);
  });

  it("layers each account over the channel's fields and defaults", () => {
    const telegram = config(
      '{ channels: { telegram: { dmPolicy: "open", textChunkLimit: 3000, accounts: { a: { botToken: "A" }, b: { botToken: "B", dmPolicy: "disabled" } } } } }',
    ).channels.telegram;
    assert.ok(telegram);
    const [a, b] = resolveChannelAccounts(telegram);
    assert.deepEqual(
      [a?.accountId, a?.config.botToken, a?.config.dmPolicy, a?.config.textChunkLimit],
      ["a", "A", "open", 3000],
    );
    assert.deepEqual(
      [b?.accountId, b?.config.botToken, b?.config.dmPolicy, b?.config.webhookPath],
      ["b", "B", "disabled", "/telegram-webhook"],
    );
  });
});
