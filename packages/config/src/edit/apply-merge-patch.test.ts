import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigText } from "../load/parse-config-text.js";
import { applyMergePatch } from "./apply-merge-patch.js";

describe("applyMergePatch (RFC 7386)", () => {
  it("passes the RFC's appendix A examples", () => {
    const cases: [unknown, unknown, unknown][] = [
      [{ a: "b" }, { a: "c" }, { a: "c" }],
      [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
      [{ a: "b" }, { a: null }, {}],
      [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
      [{ a: ["b"] }, { a: "c" }, { a: "c" }],
      [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
      [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
      [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
      [
        ["a", "b"],
        ["c", "d"],
        ["c", "d"],
      ],
      [{ a: "b" }, ["c"], ["c"]],
      [{ a: "foo" }, null, null],
      [{ a: "foo" }, "bar", "bar"],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: "b", c: null }, { a: "b" }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [base, patch, expected] of cases) {
      assert.deepEqual(
        applyMergePatch(base, patch),
        expected,
        `${JSON.stringify(base)} + ${JSON.stringify(patch)}`,
      );
    }
  });

  it("does not mutate its arguments", () => {
    const base = { gateway: { port: 1, bind: "lan" }, agents: { list: [{ id: "a" }] } };
    const patch = { gateway: { port: null }, agents: { list: [] } };
    const before = structuredClone({ base, patch });
    assert.deepEqual(applyMergePatch(base, patch), {
      gateway: { bind: "lan" },
      agents: { list: [] },
    });
    assert.deepEqual({ base, patch }, before);
  });

  it("keeps unknown keys of the base and never touches prototypes", () => {
    const patched = applyMergePatch(
      { future: { x: 1 } },
      JSON.parse('{"__proto__": {"polluted": true}}'),
    ) as Record<string, unknown>;
    assert.deepEqual(Object.keys(patched), ["future", "__proto__"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(patched), Object.prototype);
  });
});

describe("write-back of a UI edit", () => {
  it("patches the file's own JSON, keeping unknown keys, $include and ${VAR} references", () => {
    const text =
      '{ "$include": "base.json5", "gateway": { "auth": { "token": "${OPENCLAW_GATEWAY_TOKEN}" } }, "futureSection": { "on": true } }';
    const loaded = parseConfigText(text, {
      file: "/data/openclaw.json",
      env: { OPENCLAW_GATEWAY_TOKEN: "s3cret" },
      readFile: () => "{}",
    });
    assert.ok(loaded.ok, loaded.ok ? "" : JSON.stringify(loaded.errors));
    const next = JSON.stringify(
      applyMergePatch(loaded.source, { gateway: { port: 3000 } }),
      null,
      2,
    );
    assert.deepEqual(JSON.parse(next), {
      $include: "base.json5",
      gateway: { auth: { token: "${OPENCLAW_GATEWAY_TOKEN}" }, port: 3000 },
      futureSection: { on: true },
    });
    assert.doesNotMatch(next, /s3cret/);
  });
});
