import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigInvalidError } from "../errors.js";
import { parseConfigText } from "../load/parse-config-text.js";
import { formatConfigReport } from "./format-config-report.js";

describe("formatConfigReport", () => {
  it("prints the file, one '- path: message' line per error and warning lines", () => {
    const result = parseConfigText('{ gateway: { port: "x", bnd: "lan" }, meta: [] }', {
      file: "/data/openclaw.json",
      env: {},
    });
    assert.equal(
      formatConfigReport(result),
      [
        "Config invalid: /data/openclaw.json",
        "- meta: expected object, received array",
        "- gateway.port: expected number, received string",
        'warning: gateway: unknown key "bnd" (did you mean "bind"?)',
      ].join("\n"),
    );
  });

  it("says valid and still lists warnings", () => {
    const result = parseConfigText("{ extra: 1 }", { file: "/data/openclaw.json", env: {} });
    assert.equal(
      formatConfigReport(result),
      'Config valid: /data/openclaw.json\nwarning: (root): unknown key "extra"',
    );
  });
});

describe("ConfigInvalidError", () => {
  it("carries the same report in its message for callers that throw", () => {
    const result = parseConfigText('{ gateway: { bind: "wan" } }', {
      file: "/data/openclaw.json",
      env: {},
    });
    assert.equal(result.ok, false);
    const error = new ConfigInvalidError("/data/openclaw.json", result.ok ? [] : result.errors);
    assert.equal(error.code, "CONFIG_INVALID");
    assert.equal(error.message, formatConfigReport(result));
  });

  it("lists at most 20 issues and counts the rest (a 15 MB config must not make a 12 MB report)", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `"unknown${i}": ${i}`).join(", ");
    const result = parseConfigText(`{ gateway: { port: "x" }, ${keys} }`, {
      file: "/data/openclaw.json",
      env: {},
    });
    const report = formatConfigReport(result);
    assert.ok(report.split("\n").length <= 23, report);
    assert.match(report, /… and 4980 more$/);
  });
});
