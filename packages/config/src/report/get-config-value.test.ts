import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getConfigValue } from "./get-config-value.js";

const config = {
  gateway: { port: 3000 },
  agents: { list: [{ id: "main" }] },
  models: { "a.b": { alias: "x" } },
  flag: false,
};

describe("getConfigValue", () => {
  it("follows dotted paths, indexes and quoted keys", () => {
    assert.deepEqual(getConfigValue(config, "gateway.port"), { found: true, value: 3000 });
    assert.deepEqual(getConfigValue(config, "agents.list[0].id"), { found: true, value: "main" });
    assert.deepEqual(getConfigValue(config, "agents.list.0.id"), { found: true, value: "main" });
    assert.deepEqual(getConfigValue(config, 'models["a.b"].alias'), { found: true, value: "x" });
    assert.deepEqual(getConfigValue(config, "flag"), { found: true, value: false });
  });

  it("says when a value is unset or the path is malformed", () => {
    assert.equal(getConfigValue(config, "gateway.bind").found, false);
    assert.equal(getConfigValue(config, "agents.list[3]").found, false);
    assert.equal(getConfigValue(config, "gateway.port.x").found, false);
    assert.deepEqual(getConfigValue(config, "a..b"), {
      found: false,
      reason: 'malformed path "a..b"',
    });
  });
});
