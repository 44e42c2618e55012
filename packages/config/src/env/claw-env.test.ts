import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { EnvInvalidError } from "../errors.js";
import { CLAW_ENV_VARS, readClawEnv } from "./claw-env.js";

describe("readClawEnv", () => {
  it("reads documented variables as typed values and ignores everything else", () => {
    const env = readClawEnv({
      OPENCLAW_STATE_DIR: "/data",
      OPENCLAW_GATEWAY_PORT: "3000",
      HEALTH_PORT: "9090",
      LOG_LEVEL: "debug",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:4010",
      UNRELATED: "x",
    });
    assert.deepEqual(env, {
      OPENCLAW_STATE_DIR: "/data",
      OPENCLAW_GATEWAY_PORT: 3000,
      HEALTH_PORT: 9090,
      LOG_LEVEL: "debug",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:4010",
    });
  });

  it("treats empty strings as unset", () => {
    assert.deepEqual(readClawEnv({ OPENCLAW_GATEWAY_TOKEN: "", OPENCLAW_GATEWAY_PORT: "" }), {});
  });

  it("throws one error naming every bad variable, without echoing values", () => {
    const bad = {
      OPENCLAW_GATEWAY_PORT: "http",
      LOG_FORMAT: "xml",
      TELEGRAM_API_ROOT: "not a url",
      OPENCLAW_GATEWAY_TOKEN: "s3cret",
    };
    assert.throws(
      () => readClawEnv(bad),
      (error: unknown) => {
        assert.ok(error instanceof EnvInvalidError);
        assert.equal(error.code, "ENV_INVALID");
        assert.deepEqual(
          error.issues.map((i) => i.path),
          ["OPENCLAW_GATEWAY_PORT", "TELEGRAM_API_ROOT", "LOG_FORMAT"],
        );
        assert.doesNotMatch(error.message, /s3cret|http\b/);
        return true;
      },
    );
  });

  it("documents every variable of openclaw-config.md's env overlay", () => {
    const overlay = [
      "OPENCLAW_STATE_DIR",
      "OPENCLAW_CONFIG_PATH",
      "OPENCLAW_GATEWAY_TOKEN",
      "OPENCLAW_GATEWAY_PASSWORD",
      "OPENCLAW_GATEWAY_PORT",
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_BASE_URL",
      "OPENAI_API_KEY",
      "OPENAI_BASE_URL",
      "GOOGLE_API_KEY",
      "DISCORD_BOT_TOKEN",
      "DISCORD_API_BASE",
      "TELEGRAM_BOT_TOKEN",
      "TELEGRAM_API_ROOT",
      "TWILIO_ACCOUNT_SID",
      "TWILIO_AUTH_TOKEN",
      "TWILIO_API_BASE",
      "NGROK_AUTHTOKEN",
      "NGROK_DOMAIN",
      "NATS_URL",
    ];
    for (const name of overlay)
      assert.ok(Object.hasOwn(CLAW_ENV_VARS, name), `${name} is not documented`);
    for (const [name, spec] of Object.entries(CLAW_ENV_VARS)) {
      assert.match(
        spec.description,
        /^[^\n]{10,160}\.$/,
        `${name} needs a one-sentence description`,
      );
    }
    assert.equal(CLAW_ENV_VARS.OPENCLAW_GATEWAY_TOKEN.secret, true);
    assert.equal(CLAW_ENV_VARS.NATS_URL.secret, false);
  });
});

describe("the package README", () => {
  it("lists every documented variable", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    for (const name of Object.keys(CLAW_ENV_VARS))
      assert.ok(readme.includes(`| \`${name}\` |`), `${name} missing from README.md`);
  });
});
