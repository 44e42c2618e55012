import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { loadConfigFile } from "./load-config-file.js";

const dir = mkdtempSync(path.join(tmpdir(), "clawfleet-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("loadConfigFile", () => {
  it("reads the file and its includes from disk", () => {
    mkdirSync(path.join(dir, "parts"), { recursive: true });
    writeFileSync(
      path.join(dir, "parts", "channels.json5"),
      "{ discord: { token: '${DISCORD_BOT_TOKEN}' } }",
    );
    writeFileSync(
      path.join(dir, "openclaw.json"),
      "{ channels: { $include: 'parts/channels.json5' }, gateway: { mode: 'local' } }",
    );
    const result = loadConfigFile(path.join(dir, "openclaw.json"), { DISCORD_BOT_TOKEN: "abc" });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
    assert.equal(result.file, path.join(dir, "openclaw.json"));
    assert.equal(result.config.channels.discord?.token, "abc");
  });

  it("reports a missing file as missing, without throwing", () => {
    const result = loadConfigFile(path.join(dir, "nope", "openclaw.json"), {});
    assert.equal(result.ok, false);
    assert.equal(result.ok ? false : result.missing, true);
    assert.deepEqual(result.ok ? [] : result.errors, [{ path: "", message: "file not found" }]);
  });
});
