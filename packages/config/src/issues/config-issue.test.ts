import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatConfigPath, parseConfigPath } from "./config-issue.js";

describe("config paths", () => {
  it("format keys dotted, indexes in brackets and awkward keys quoted", () => {
    assert.equal(formatConfigPath(["agents", "list", 0, "model"]), "agents.list[0].model");
    assert.equal(
      formatConfigPath(["plugins", "entries", "voice-call", "enabled"]),
      "plugins.entries.voice-call.enabled",
    );
    assert.equal(
      formatConfigPath(["agents", "defaults", "models", "openai/gpt-4.1", "alias"]),
      'agents.defaults.models["openai/gpt-4.1"].alias',
    );
    assert.equal(formatConfigPath([]), "");
  });

  it("parse back what they format", () => {
    for (const segments of [
      ["a", "b", 0, "c"],
      ["models", "x.y", "alias"],
      ["guilds", "123", "channels", "general"],
      [0, "a"],
    ]) {
      assert.deepEqual(parseConfigPath(formatConfigPath(segments)), segments);
    }
    assert.equal(parseConfigPath("a..b"), undefined);
    assert.equal(parseConfigPath("a[x]"), undefined);
  });
});
