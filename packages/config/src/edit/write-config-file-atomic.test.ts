import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { ConfigWriteError } from "../errors.js";
import { writeConfigFileAtomic } from "./write-config-file-atomic.js";

const dir = mkdtempSync(path.join(tmpdir(), "clawfleet-write-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("writeConfigFileAtomic", () => {
  it("creates missing directories, replaces the file and leaves no temp files", async () => {
    const file = path.join(dir, "state", "nested", "openclaw.json");
    await writeConfigFileAtomic(file, '{ "v": 1 }\n');
    await writeConfigFileAtomic(file, '{ "v": 2 }\n');
    assert.equal(readFileSync(file, "utf8"), '{ "v": 2 }\n');
    assert.deepEqual(readdirSync(path.dirname(file)), ["openclaw.json"]);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it("fails with ConfigWriteError and no leftovers when the target cannot be replaced", async () => {
    const target = path.join(dir, "is-a-dir");
    await writeConfigFileAtomic(path.join(target, "inner.json"), "{}");
    await assert.rejects(writeConfigFileAtomic(target, "{}"), (error: unknown) => {
      assert.ok(error instanceof ConfigWriteError);
      assert.equal(error.code, "CONFIG_WRITE_FAILED");
      return true;
    });
    assert.deepEqual(readdirSync(dir).sort(), ["is-a-dir", "state"]);
  });
});
