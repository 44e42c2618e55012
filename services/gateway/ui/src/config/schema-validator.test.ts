import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configJsonSchema } from "@clawfleet/config";
import { lineOfPath } from "./locate-path.js";
import { validateAgainstSchema } from "./schema-validator.js";

const schema = configJsonSchema();

describe("the Control UI's schema validator on the real openclaw.json schema", () => {
  it("accepts the seed's config", async () => {
    const { readFileSync } = await import("node:fs");
    const seed = JSON.parse(
      readFileSync(
        new URL("../../../../../packages/config/src/fixtures/seed-openclaw.json", import.meta.url),
        "utf8",
      ),
    );
    assert.deepEqual(validateAgainstSchema(schema, seed).errors, []);
  });

  it("reports type, enum, range and pattern errors at the same paths the gateway uses", () => {
    const report = validateAgainstSchema(schema, {
      gateway: { port: 70000, bind: "everywhere", controlUi: { basePath: "ui" } },
      agents: { defaults: { maxConcurrent: "lots" }, list: [{ id: "ok" }, { id: "bad id!" }] },
    });
    const byPath = Object.fromEntries(report.errors.map((e) => [e.path, e.message]));
    assert.match(byPath["gateway.port"]!, /≤ 65535/);
    assert.match(byPath["gateway.bind"]!, /one of "loopback", "lan", "auto", "custom"/);
    assert.match(byPath["gateway.controlUi.basePath"]!, /does not match/);
    assert.match(byPath["agents.defaults.maxConcurrent"]!, /expected integer, got string/);
    assert.match(byPath["agents.list[1].id"]!, /does not match/);
  });

  it("accepts both forms of a model (string or object) and warns about unknown keys instead of failing", () => {
    assert.deepEqual(
      validateAgainstSchema(schema, {
        agents: { defaults: { model: "anthropic/claude-opus-4-5" } },
      }).errors,
      [],
    );
    assert.deepEqual(
      validateAgainstSchema(schema, {
        agents: { defaults: { model: { primary: "a/b", fallbacks: ["c/d"] } } },
      }).errors,
      [],
    );
    const report = validateAgainstSchema(schema, { gateway: { prot: 1 } });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, [{ path: "gateway.prot", message: "unknown key (ignored)" }]);
  });
});

describe("lineOfPath", () => {
  it("finds the line of a nested key in JSON5, quoted or bare", () => {
    const text =
      '{\n  // comment\n  gateway: {\n    "port": 1,\n  },\n  agents: { list: [ { id: "a" } ] },\n}';
    assert.equal(lineOfPath(text, "gateway.port"), 4);
    assert.equal(lineOfPath(text, "agents.list[0].id"), 6);
    assert.equal(lineOfPath(text, "missing.key"), undefined);
  });
});
