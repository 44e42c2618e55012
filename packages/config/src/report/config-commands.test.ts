import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { configGetCommand, configSchemaCommand, validateConfigFile } from "./config-commands.js";

const dir = mkdtempSync(path.join(tmpdir(), "clawfleet-cmd-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe("config validate", () => {
  it("exits 0 for a valid file and 1 with the report for an invalid one", () => {
    const good = write("good.json", '{ gateway: { mode: "local" } }');
    assert.deepEqual(validateConfigFile(good, {}), {
      exitCode: 0,
      output: `Config valid: ${good}`,
    });
    const bad = write("bad.json", "{ gateway: { port: 70000 } }");
    const out = validateConfigFile(bad, {});
    assert.equal(out.exitCode, 1);
    assert.equal(
      out.output,
      `Config invalid: ${bad}\n- gateway.port: Too big: expected number to be <=65535`,
    );
  });

  it("uses the env location when no file is given and fails on a missing file", () => {
    write("openclaw.json", "{}");
    assert.equal(validateConfigFile(undefined, { OPENCLAW_STATE_DIR: dir }).exitCode, 0);
    const missing = validateConfigFile(undefined, { OPENCLAW_STATE_DIR: path.join(dir, "empty") });
    assert.equal(missing.exitCode, 1);
    assert.match(missing.output, /- \(root\): file not found/);
  });

  it("reports an include cycle with its chain", () => {
    write("loop-a.json5", '{ $include: "loop-b.json5" }');
    write("loop-b.json5", '{ $include: "loop-a.json5" }');
    const out = validateConfigFile(path.join(dir, "loop-a.json5"), {});
    assert.equal(out.exitCode, 1);
    assert.match(
      out.output,
      /- \$include: include cycle: loop-a\.json5 -> loop-b\.json5 -> loop-a\.json5/,
    );
  });
});

describe("config get", () => {
  it("prints effective values: strings raw, others as JSON", () => {
    const file = write("get.json", '{ gateway: { bind: "lan" } }');
    assert.deepEqual(configGetCommand("gateway.bind", file, {}), { exitCode: 0, output: "lan" });
    assert.deepEqual(configGetCommand("gateway.port", file, {}), { exitCode: 0, output: "18789" });
    assert.deepEqual(configGetCommand("gateway.reload", file, {}), {
      exitCode: 0,
      output: '{\n  "mode": "hybrid"\n}',
    });
    assert.deepEqual(configGetCommand("gateway.nothing", file, {}), {
      exitCode: 1,
      output: "gateway.nothing: not set",
    });
  });
});

describe("config schema", () => {
  it("prints parseable JSON Schema", () => {
    const out = configSchemaCommand();
    assert.equal(out.exitCode, 0);
    assert.equal((JSON.parse(out.output) as { type: string }).type, "object");
  });
});
