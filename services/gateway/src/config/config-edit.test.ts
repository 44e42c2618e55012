import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { GatewayError } from "../errors.js";
import { checkBaseHash, patchedConfigText } from "./config-edit.js";
import { parseConfigState } from "./config-file-state.js";
import { redactConfig, REDACTED_VALUE } from "./redact-config.js";

const state = (raw: string) =>
  parseConfigState("/data/openclaw.json", raw, { T: "secret-from-env" });

describe("config edits", () => {
  it("checks baseHash: stale refused, required for patches once the file exists", () => {
    const current = state("{}");
    assert.equal(checkBaseHash(current, current.hash, true), undefined);
    assert.equal(checkBaseHash(current, "old", true)?.details?.code, "CONFIG_STALE");
    assert.equal(
      checkBaseHash(current, undefined, true)?.details?.code,
      "CONFIG_BASE_HASH_REQUIRED",
    );
    assert.equal(checkBaseHash(current, undefined, false), undefined);
  });

  it("patches a file that is invalid but parseable, and refuses one that is not JSON5", () => {
    assert.equal(
      patchedConfigText(state('{ gateway: { port: "x" } }'), "{ gateway: { port: 1 } }"),
      '{\n  "gateway": {\n    "port": 1\n  }\n}\n',
    );
    assert.ok(patchedConfigText(state("{ broken"), "{}") instanceof GatewayError);
    assert.match(
      (patchedConfigText(state("{}"), "[1]") as GatewayError).message,
      /must be a JSON5 object/,
    );
    assert.match(
      (patchedConfigText(state("{}"), "{ nope") as GatewayError).message,
      /JSON5 syntax error/,
    );
  });

  it("hashes included files too, so editing one counts as a change", () => {
    const dir = mkdtempSync(join(tmpdir(), "clawfleet-include-"));
    try {
      const root = '{ "$include": "base.json5" }';
      writeFileSync(join(dir, "base.json5"), "{ agents: { defaults: { maxConcurrent: 1 } } }");
      const before = parseConfigState(join(dir, "openclaw.json"), root, {});
      writeFileSync(join(dir, "base.json5"), "{ agents: { defaults: { maxConcurrent: 2 } } }");
      const after = parseConfigState(join(dir, "openclaw.json"), root, {});
      assert.notEqual(after.hash, before.hash);
      assert.deepEqual(after.includes, [join(dir, "base.json5")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("config redaction", () => {
  it("hides secrets but keeps ${VAR} references and everything else", () => {
    assert.deepEqual(
      redactConfig({
        gateway: { auth: { token: "abc", mode: "token" } },
        channels: { telegram: { botToken: "1:x", webhookSecret: "${TG_SECRET}" } },
        models: { providers: { x: { apiKey: "k", baseUrl: "u" } } },
        plugins: { entries: { brave: { config: { webSearch: { apiKey: "BSA1", mode: "web" } } } } },
        tools: { web: { search: { apiKey: "BSA2", maxResults: 5 } } },
      }),
      {
        gateway: { auth: { token: REDACTED_VALUE, mode: "token" } },
        channels: { telegram: { botToken: REDACTED_VALUE, webhookSecret: "${TG_SECRET}" } },
        models: { providers: { x: { apiKey: REDACTED_VALUE, baseUrl: "u" } } },
        plugins: {
          entries: { brave: { config: { webSearch: { apiKey: REDACTED_VALUE, mode: "web" } } } },
        },
        tools: { web: { search: { apiKey: REDACTED_VALUE, maxResults: 5 } } },
      },
    );
  });
});
