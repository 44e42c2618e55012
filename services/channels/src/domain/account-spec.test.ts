import assert from "node:assert/strict";
import { test } from "node:test";
import { validateParsedConfig, type OpenClawConfigInput } from "@clawfleet/config";
import { connectionFingerprint, isRunnable, resolveAccountSpecs } from "./account-spec.js";

function specs(config: OpenClawConfigInput, env = {}) {
  const result = validateParsedConfig(config);
  assert.ok(result.ok);
  return resolveAccountSpecs(result.config, env);
}

test("a channel is configured only when its key is present; env tokens serve the default account", () => {
  assert.deepEqual(specs({}, { TELEGRAM_BOT_TOKEN: "1:abc" }), []);
  const [telegram, discord] = specs(
    { channels: { telegram: {}, discord: {} } },
    {
      TELEGRAM_BOT_TOKEN: "1:abc",
      DISCORD_BOT_TOKEN: "d-token",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9/",
    },
  );
  assert.deepEqual(
    [
      telegram?.channel,
      telegram?.accountId,
      telegram?.token,
      telegram?.apiBase,
      telegram?.mode,
      telegram?.chunkLimit,
    ],
    ["telegram", "default", "1:abc", "http://127.0.0.1:9/", "polling", 4000],
  );
  assert.deepEqual(
    [discord?.channel, discord?.token, discord?.mode, discord?.chunkLimit],
    ["discord", "d-token", "gateway", 2000],
  );
  assert.ok(isRunnable(telegram!) && isRunnable(discord!));
});

test("config tokens win over env; named accounts do not get the env token", () => {
  const [named, other] = specs(
    { channels: { telegram: { accounts: { work: { botToken: "2:work" }, home: {} } } } },
    { TELEGRAM_BOT_TOKEN: "1:env" },
  );
  assert.equal(named?.token, "2:work");
  assert.equal(other?.token, undefined);
  assert.match(
    other?.problem ?? "",
    /no bot token: set channels\.telegram\.accounts\.home\.botToken/,
  );
  assert.equal(isRunnable(other!), false);
});

test("problems an operator must fix are named: webhook without secret, bad account id, a token used twice", () => {
  const [hook] = specs({
    channels: { telegram: { botToken: "1:a", webhookUrl: "https://x.test/hook" } },
  });
  assert.equal(hook?.mode, "webhook");
  assert.match(hook?.problem ?? "", /webhookUrl needs webhookSecret/);
  const [bad] = specs({ channels: { discord: { accounts: { "a.b": { token: "t" } } } } });
  assert.match(bad?.problem ?? "", /account id "a\.b" must be/);
  const [one, two] = specs({
    channels: { discord: { accounts: { one: { token: "same" }, two: { token: "same" } } } },
  });
  assert.equal(one?.problem, undefined);
  assert.match(two?.problem ?? "", /same bot token as discord account "one"/);
});

test("disabled accounts are listed but not runnable; access changes keep the connection fingerprint", () => {
  const [off] = specs({ channels: { telegram: { botToken: "1:a", enabled: false } } });
  assert.equal(off?.enabled, false);
  assert.equal(isRunnable(off!), false);
  const [a] = specs({ channels: { telegram: { botToken: "1:a", dmPolicy: "open" } } });
  const [b] = specs({
    channels: { telegram: { botToken: "1:a", dmPolicy: "disabled", allowFrom: ["5"] } },
  });
  const [c] = specs({ channels: { telegram: { botToken: "1:b" } } });
  assert.equal(connectionFingerprint(a!), connectionFingerprint(b!));
  assert.notEqual(connectionFingerprint(a!), connectionFingerprint(c!));
  assert.equal(b?.access.dmPolicy, "disabled");
});

test("signal: number from config or SIGNAL_ACCOUNT, daemon URL defaulted; spawning signal-cli is refused", () => {
  const [fromEnv] = specs({ channels: { signal: {} } }, { SIGNAL_ACCOUNT: "+15550009999" });
  assert.deepEqual(
    [fromEnv?.account, fromEnv?.apiBase, fromEnv?.mode, fromEnv?.problem],
    ["+15550009999", "http://127.0.0.1:8080", "sse", undefined],
  );
  const [missing] = specs({ channels: { signal: {} } });
  assert.match(missing?.problem ?? "", /no Signal number: set channels\.signal\.account/);
  const [spawn] = specs({
    channels: { signal: { account: "+15550009999", cliPath: "signal-cli" } },
  });
  assert.match(spawn?.problem ?? "", /cliPath\/autoStart are not supported/);
  const [, twin] = specs({
    channels: {
      signal: {
        httpUrl: "http://signal.internal:8080",
        accounts: { a: { account: "+15550009999" }, b: { account: "+15550009999" } },
      },
    },
  });
  assert.match(twin?.problem ?? "", /uses the same number as signal account "a"/);
});
