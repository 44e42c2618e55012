import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configHash } from "./config-hash.js";
import { parseConfigText } from "./parse-config-text.js";

const file = "/srv/state/openclaw.json";

describe("parseConfigText", () => {
  it("accepts JSON5 comments, unquoted keys and trailing commas", () => {
    const text = "// hello\n{\n  gateway: { port: 3000, /* inline */ },\n}\n";
    const result = parseConfigText(text, { file, env: {} });
    assert.ok(result.ok);
    assert.equal(result.config.gateway.port, 3000);
    assert.equal(result.raw, text);
    assert.equal(result.hash, configHash(text));
    assert.match(result.hash, /^[0-9a-f]{64}$/);
  });

  it("names file, line and column of a JSON5 syntax error", () => {
    const result = parseConfigText('{\n  "gateway": {\n    "port": 3000,,\n  }\n}', {
      file,
      env: {},
    });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? "" : result.file, file);
    const message = result.ok ? "" : (result.errors[0]?.message ?? "");
    assert.equal(
      message,
      "JSON5 syntax error at /srv/state/openclaw.json:3:18: invalid character ','",
    );
  });

  it("warns about unknown keys at every level but still loads", () => {
    const text =
      '{ gateway: { prot: 3000 }, wizard: { lastRunAt: "x" }, channels: { discord: { guilds: { G: { chanels: {} } } } } }';
    const result = parseConfigText(text, { file, env: {} });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.deepEqual(result.warnings, [
      { path: "gateway", message: 'unknown key "prot" (did you mean "port"?)' },
      { path: "", message: 'unknown key "wizard"' },
      {
        path: "channels.discord.guilds.G",
        message: 'unknown key "chanels" (did you mean "channels"?)',
      },
    ]);
    assert.equal(result.config.gateway.port, 18789, "the unknown key is not used");
    assert.deepEqual(
      (result.parsed as { wizard: unknown }).wizard,
      { lastRunAt: "x" },
      "parsed keeps unknown keys",
    );
  });

  it("keeps unknown-key warnings alongside errors", () => {
    const result = parseConfigText("{ gateway: { port: -1, colour: 1 } }", { file, env: {} });
    assert.equal(result.ok, false);
    assert.deepEqual(result.warnings, [{ path: "gateway", message: 'unknown key "colour"' }]);
  });

  it("warns about bindings to agents that do not exist", () => {
    const result = parseConfigText(
      '{ agents: { list: [{ id: "main" }] }, bindings: [{ agentId: "ops", match: { channel: "discord" } }] }',
      {
        file,
        env: {},
      },
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.warnings.map((w) => w.path),
      ["bindings[0].agentId"],
    );
  });

  it("rejects a root that is not an object", () => {
    const result = parseConfigText("[1, 2]", { file, env: {} });
    assert.deepEqual(result.ok ? [] : result.errors, [
      { path: "", message: "expected object, received array" },
    ]);
  });
});

describe("${VAR} substitution", () => {
  it("replaces variables in every string, including inside arrays and longer strings", () => {
    const text =
      '{ channels: { discord: { token: "${DISCORD_TOKEN}", allowFrom: ["${OWNER_ID}"] } }, messages: { responsePrefix: "[${NAME}] " } }';
    const result = parseConfigText(text, {
      file,
      env: { DISCORD_TOKEN: "tok", OWNER_ID: "42", NAME: "claw" },
    });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.equal(result.config.channels.discord?.token, "tok");
    assert.deepEqual(result.config.channels.discord?.allowFrom, ["42"]);
    assert.equal(result.config.messages.responsePrefix, "[claw] ");
    assert.deepEqual(result.source, {
      channels: { discord: { token: "${DISCORD_TOKEN}", allowFrom: ["${OWNER_ID}"] } },
      messages: { responsePrefix: "[${NAME}] " },
    });
  });

  it("names a missing or empty variable and the path that used it", () => {
    const text =
      '{ channels: { discord: { token: "${DISCORD_TOKEN}" }, telegram: { botToken: "${TG_TOKEN}" } } }';
    const result = parseConfigText(text, { file, env: { TG_TOKEN: "" } });
    assert.deepEqual(result.ok ? [] : result.errors, [
      {
        path: "channels.discord.token",
        message: "environment variable DISCORD_TOKEN is not set (referenced as ${DISCORD_TOKEN})",
      },
      {
        path: "channels.telegram.botToken",
        message: "environment variable TG_TOKEN is empty (referenced as ${TG_TOKEN})",
      },
    ]);
  });

  it("turns $${VAR} into a literal ${VAR} and leaves lower-case names alone", () => {
    const text = '{ messages: { responsePrefix: "$${HOME} ${lower} ${USER}" } }';
    const result = parseConfigText(text, { file, env: { USER: "me" } });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.equal(result.config.messages.responsePrefix, "${HOME} ${lower} me");
  });
});
