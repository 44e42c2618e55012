import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigText } from "../load/parse-config-text.js";
import { CONFIG_DOCS_URL, minimalConfigText } from "./minimal-config-text.js";

describe("minimalConfigText", () => {
  it("is a valid, warning-free config in local mode that points at the docs", () => {
    const text = minimalConfigText();
    const result = parseConfigText(text, { file: "/data/openclaw.json", env: {} });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.deepEqual(result.warnings, []);
    assert.equal(result.config.gateway.mode, "local");
    assert.ok(text.includes(CONFIG_DOCS_URL));
    assert.match(text, /^\/\//);
  });
});
