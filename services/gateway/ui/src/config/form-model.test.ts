import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configJsonSchema } from "@clawfleet/config";
import {
  fieldKind,
  fieldText,
  isSecretKey,
  mergePatch,
  parseFieldText,
  resolveRef,
  type SchemaNode,
} from "./form-model.js";

const schema = configJsonSchema() as SchemaNode;
const at = (...path: string[]): SchemaNode =>
  path.reduce((node, key) => resolveRef(node, schema).properties![key]!, schema);

describe("the config form's model on the real openclaw.json schema", () => {
  it("gives each setting the control a person expects", () => {
    assert.equal(fieldKind(at("gateway"), schema), "object");
    assert.equal(fieldKind(at("gateway", "bind"), schema), "enum");
    assert.equal(fieldKind(at("gateway", "port"), schema), "number");
    assert.equal(fieldKind(at("gateway", "allowRealIpFallback"), schema), "boolean");
    assert.equal(fieldKind(at("gateway", "trustedProxies"), schema), "list");
    assert.equal(fieldKind(at("channels", "discord", "allowFrom"), schema), "list");
    assert.equal(fieldKind(at("gateway", "customBindHost"), schema), "string");
    assert.equal(fieldKind(at("models", "providers"), schema), "json", "a map of objects");
  });

  it("masks the keys that hold secrets and only those", () => {
    for (const key of ["token", "botToken", "apiKey", "webhookSecret", "password", "appToken"])
      assert.equal(isSecretKey(key), true, key);
    for (const key of ["mode", "tokenLimit", "maxTokens", "secretary", "allowFrom"])
      assert.equal(isSecretKey(key), false, key);
  });

  it("builds one merge patch from changes at any depth; an emptied field removes its key", () => {
    const changes = new Map([
      [
        "agents.defaults.maxConcurrent",
        { path: ["agents", "defaults", "maxConcurrent"], value: 6 },
      ],
      [
        "agents.defaults.timeoutSeconds",
        { path: ["agents", "defaults", "timeoutSeconds"], value: null },
      ],
      ["gateway.bind", { path: ["gateway", "bind"], value: "lan" }],
    ]);
    assert.deepEqual(mergePatch(changes), {
      agents: { defaults: { maxConcurrent: 6, timeoutSeconds: null } },
      gateway: { bind: "lan" },
    });
  });

  it("reads typed text as the value to save and says what is wrong", () => {
    assert.equal(parseFieldText("number", " 42 "), 42);
    assert.throws(() => parseFieldText("number", "lots"), /"lots" is not a number/);
    assert.deepEqual(parseFieldText("list", "a\n\n b \n"), ["a", "b"]);
    assert.deepEqual(parseFieldText("json", '{"x": 1}'), { x: 1 });
    assert.throws(() => parseFieldText("json", "{x"), /not valid JSON/);
    assert.equal(parseFieldText("string", "  "), null);
    assert.equal(fieldText("list", ["a", "b"]), "a\nb");
    assert.equal(fieldText("number", undefined), "");
  });
});
