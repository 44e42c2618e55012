import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { parseConfigText } from "../load/parse-config-text.js";
import type { ConfigLoadSuccess } from "../load/config-result.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function load(text: string): ConfigLoadSuccess {
  const result = parseConfigText(text, { file: "/tmp/openclaw.json", env: {} });
  assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
  return result;
}

function errorsOf(text: string): { path: string; message: string }[] {
  const result = parseConfigText(text, { file: "/tmp/openclaw.json", env: {} });
  assert.equal(result.ok, false, "expected the config to be rejected");
  return result.ok ? [] : [...result.errors];
}

describe("the seed's example config", () => {
  it("loads exactly as written, with no errors and no warnings", () => {
    const file = fixture("seed-openclaw.json");
    const result = parseConfigText(readFileSync(file, "utf8"), { file, env: {} });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.deepEqual(result.warnings, []);
    const { config } = result;
    assert.deepEqual(config.agents.defaults.model, {
      primary: "anthropic/claude-opus-4-5",
      fallbacks: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"],
    });
    assert.equal(config.agents.defaults.maxConcurrent, 4);
    assert.deepEqual(config.agents.list, [{ id: "main", default: true }]);
    assert.deepEqual(config.auth.profiles["anthropic:default"], {
      mode: "token",
      provider: "anthropic",
    });
    assert.deepEqual(config.bindings, [{ agentId: "main", match: { channel: "discord" } }]);
    assert.equal(config.channels.discord?.groupPolicy, "allowlist");
    assert.deepEqual(config.channels.discord?.guilds?.YOUR_GUILD_ID, {
      channels: { general: { allow: true } },
      requireMention: false,
    });
    assert.equal(config.gateway.mode, "local");
    assert.equal(config.gateway.bind, "auto");
    assert.equal(config.meta?.lastTouchedVersion, "2026.1.29");
  });

  it("fills the documented defaults around it", () => {
    const file = fixture("seed-openclaw.json");
    const result = parseConfigText(readFileSync(file, "utf8"), { file, env: {} });
    assert.ok(result.ok);
    const { config } = result;
    assert.equal(config.gateway.port, 18789);
    assert.equal(config.gateway.reload.mode, "hybrid");
    assert.equal(config.agents.defaults.timeoutSeconds, 600);
    assert.equal(config.channels.discord?.dmPolicy, "pairing");
    assert.equal(config.channels.discord?.textChunkLimit, 2000);
    assert.equal(config.channels.discord?.enabled, true);
    assert.equal(config.session.dmScope, "main");
    assert.equal(config.logging.redactSensitive, true);
  });

  it("loads the private-deployment voice-call example", () => {
    const file = fixture("seed-voice-call.json");
    const result = parseConfigText(readFileSync(file, "utf8"), { file, env: {} });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.deepEqual(result.warnings, []);
    const entry = result.config.plugins.entries["voice-call"];
    assert.equal(entry?.enabled, true);
    assert.equal(entry?.config.provider, "twilio");
    assert.equal(entry?.config.tunnel.provider, "ngrok");
    assert.equal(entry?.config.maxDurationSeconds, 300);
    assert.equal(entry?.config.inboundPolicy, "disabled");
  });
});

describe("defaults of an empty config", () => {
  it("match openclaw-config.md", () => {
    const { config } = load("{}");
    assert.equal(config.gateway.port, 18789);
    assert.equal(config.gateway.bind, "loopback");
    assert.equal(config.gateway.mode, undefined);
    assert.equal(config.gateway.controlUi.enabled, true);
    assert.equal(config.gateway.http.endpoints.chatCompletions.enabled, false);
    assert.equal(config.agents.defaults.maxConcurrent, 4);
    assert.deepEqual(config.agents.list, []);
    assert.deepEqual(config.session.resetTriggers, ["/new", "/reset"]);
    assert.equal(config.messages.queue.mode, "collect");
    assert.equal(config.channels.defaults.groupPolicy, "allowlist");
    assert.equal(config.channels.discord, undefined);
    assert.equal(config.plugins.entries["voice-call"], undefined);
    assert.equal(config.logging.level, "info");
  });

  it("give each config its own arrays", () => {
    const a = load("{}").config;
    a.session.resetTriggers.push("/x");
    assert.deepEqual(load("{}").config.session.resetTriggers, ["/new", "/reset"]);
  });
});

describe("channels", () => {
  it("apply Telegram defaults", () => {
    const telegram = load('{channels: {telegram: {botToken: "t"}}}').config.channels.telegram;
    assert.equal(telegram?.textChunkLimit, 4000);
    assert.equal(telegram?.webhookPath, "/telegram-webhook");
    assert.equal(telegram?.dmPolicy, "pairing");
    assert.equal(
      telegram?.groupPolicy,
      undefined,
      "unset so channels.defaults.groupPolicy applies",
    );
  });

  it("accept accounts with the same fields and no defaults of their own", () => {
    const discord = load(
      '{channels: {discord: {dmPolicy: "open", accounts: {work: {token: "w", textChunkLimit: 1500}}}}}',
    ).config.channels.discord;
    assert.deepEqual(discord?.accounts?.work, { token: "w", textChunkLimit: 1500 });
  });

  it("accept guild channels keyed by name or id with allow or enabled", () => {
    const guilds = load(
      '{channels: {discord: {guilds: {"123": {channels: {general: {allow: true}, "456": {enabled: false}}}}}}}',
    ).config.channels.discord?.guilds;
    assert.deepEqual(guilds?.["123"]?.channels, {
      general: { allow: true },
      "456": { enabled: false },
    });
  });

  it("turn numeric ids into strings and refuse ids that lost digits", () => {
    const telegram = load('{channels: {telegram: {allowFrom: [12345, "678"]}}}').config.channels
      .telegram;
    assert.deepEqual(telegram?.allowFrom, ["12345", "678"]);
    const errors = errorsOf("{channels: {discord: {allowFrom: [123456789012345678901]}}}");
    assert.equal(errors[0]?.path, "channels.discord.allowFrom[0]");
    assert.match(errors[0]?.message ?? "", /write it as a string/);
  });

  it("cap textChunkLimit at the platform limit", () => {
    assert.equal(
      errorsOf("{channels: {discord: {textChunkLimit: 2001}}}")[0]?.path,
      "channels.discord.textChunkLimit",
    );
    assert.equal(
      errorsOf("{channels: {telegram: {textChunkLimit: 5000}}}")[0]?.path,
      "channels.telegram.textChunkLimit",
    );
  });
});

describe("agents", () => {
  it("accept a model as a string or {primary, fallbacks}, both parsed to the object form", () => {
    const { list } = load(
      '{agents: {list: [{id: "a", model: "openai/gpt-4o"}, {id: "b", model: {primary: "x/y", fallbacks: ["z/w"]}}]}}',
    ).config.agents;
    assert.deepEqual(list[0]?.model, { primary: "openai/gpt-4o" });
    assert.deepEqual(list[1]?.model, { primary: "x/y", fallbacks: ["z/w"] });
  });

  it("name the branch that failed inside a model object", () => {
    assert.deepEqual(errorsOf('{agents: {list: [{id: "a", model: {fallbacks: "x/y"}}]}}'), [
      { path: "agents.list[0].model.fallbacks", message: "expected array, received string" },
    ]);
    assert.deepEqual(errorsOf('{agents: {list: [{id: "a", model: 5}]}}'), [
      { path: "agents.list[0].model", message: "expected string or object, received number" },
    ]);
  });

  it("reject duplicate and unsafe agent ids", () => {
    assert.deepEqual(errorsOf('{agents: {list: [{id: "a"}, {id: "a"}]}}'), [
      { path: "agents.list[1].id", message: 'duplicate agent id "a"' },
    ]);
    assert.equal(errorsOf('{agents: {list: [{id: "a:b"}]}}')[0]?.path, "agents.list[0].id");
  });
});

describe("type errors", () => {
  it("carry the exact dotted path", () => {
    assert.deepEqual(errorsOf('{gateway: {port: "3000"}}'), [
      { path: "gateway.port", message: "expected number, received string" },
    ]);
    assert.deepEqual(
      errorsOf('{channels: {discord: {guilds: {G1: {channels: {general: {allow: "yes"}}}}}}}'),
      [
        {
          path: "channels.discord.guilds.G1.channels.general.allow",
          message: "expected boolean, received string",
        },
      ],
    );
    assert.deepEqual(
      errorsOf('{auth: {profiles: {"anthropic:default": {provider: "anthropic", mode: "key"}}}}'),
      [
        {
          path: "auth.profiles.anthropic:default.mode",
          message: 'expected one of "token"|"api_key"|"oauth"',
        },
      ],
    );
    assert.deepEqual(errorsOf('{agents: {defaults: {models: {"openai/gpt-4.1": {alias: 5}}}}}'), [
      {
        path: 'agents.defaults.models["openai/gpt-4.1"].alias',
        message: "expected string, received number",
      },
    ]);
  });

  it("report every problem, not just the first", () => {
    const errors = errorsOf(
      '{gateway: {port: 0, bind: "everywhere"}, session: {dmScope: "per-user"}}',
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      ["gateway.port", "gateway.bind", "session.dmScope"],
    );
  });

  it("require customBindHost for a custom bind and idleMinutes for idle resets", () => {
    assert.deepEqual(errorsOf('{gateway: {bind: "custom"}}'), [
      { path: "gateway.customBindHost", message: 'required when bind is "custom"' },
    ]);
    assert.deepEqual(errorsOf('{session: {reset: {mode: "idle"}}}'), [
      { path: "session.reset.idleMinutes", message: 'required when mode is "idle"' },
    ]);
  });
});

describe("logging.redactSensitive", () => {
  it("accepts OpenClaw's off/tools and booleans, parsed to a boolean", () => {
    assert.equal(load('{logging: {redactSensitive: "off"}}').config.logging.redactSensitive, false);
    assert.equal(
      load('{logging: {redactSensitive: "tools"}}').config.logging.redactSensitive,
      true,
    );
    assert.equal(load("{logging: {redactSensitive: false}}").config.logging.redactSensitive, false);
  });
});
