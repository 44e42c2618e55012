import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveConfigPath, resolveStateDir } from "./config-location.js";

describe("resolveConfigPath", () => {
  it("prefers OPENCLAW_CONFIG_PATH, then OPENCLAW_STATE_DIR, then ~/.openclaw", () => {
    assert.equal(
      resolveConfigPath({
        OPENCLAW_CONFIG_PATH: "/etc/claw.json5",
        OPENCLAW_STATE_DIR: "/data",
        HOME: "/home/u",
      }),
      "/etc/claw.json5",
    );
    assert.equal(
      resolveConfigPath({ OPENCLAW_STATE_DIR: "/data", HOME: "/home/u" }),
      "/data/openclaw.json",
    );
    assert.equal(resolveConfigPath({ HOME: "/home/u" }), "/home/u/.openclaw/openclaw.json");
  });

  it("treats empty variables as unset and expands ~", () => {
    assert.equal(
      resolveConfigPath({ OPENCLAW_CONFIG_PATH: "", OPENCLAW_STATE_DIR: "", HOME: "/home/u" }),
      "/home/u/.openclaw/openclaw.json",
    );
    assert.equal(
      resolveConfigPath({ OPENCLAW_CONFIG_PATH: "~/cfg/openclaw.json", HOME: "/home/u" }),
      "/home/u/cfg/openclaw.json",
    );
    assert.equal(
      resolveStateDir({ OPENCLAW_STATE_DIR: "~/state", HOME: "/home/u" }),
      "/home/u/state",
    );
  });
});
