import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseConfigText, type ConfigLoadResult } from "@clawfleet/config";
import { startNatsServer } from "@clawfleet/testkit";
import { checkConfig, checkCredentials, checkGatewayAuth } from "./config-checks.js";
import type { DoctorInput } from "./doctor-input.js";
import { checkMemory, checkStateDir } from "./machine-checks.js";
import { checkNats } from "./nats-check.js";

function input(overrides: Partial<DoctorInput> & { configText?: string } = {}): DoctorInput {
  const config: ConfigLoadResult = parseConfigText(overrides.configText ?? "{}", {
    file: "/data/openclaw.json",
    env: overrides.env ?? {},
  });
  return {
    env: {},
    stateDir: mkdtempSync(join(tmpdir(), "doctor-")),
    configFile: "/data/openclaw.json",
    config,
    bind: "loopback",
    machineMemoryMb: 256,
    heapLimitMb: 160,
    ...overrides,
  };
}

test("a network bind without a token is an error whose fix sets the secret", () => {
  const [finding] = checkGatewayAuth(input({ bind: "lan" }));
  assert.equal(finding!.severity, "error");
  assert.match(finding!.fix!, /fly secrets set OPENCLAW_GATEWAY_TOKEN=\$\(openssl rand -hex 32\)/);
  assert.equal(
    checkGatewayAuth(input({ bind: "lan", env: { OPENCLAW_GATEWAY_TOKEN: "t" } }))[0]!.severity,
    "ok",
  );
  assert.equal(checkGatewayAuth(input({ bind: "loopback" }))[0]!.severity, "ok");
  assert.equal(
    checkGatewayAuth(input({ bind: "auto", env: { FLY_APP_NAME: "app" } }))[0]!.severity,
    "error",
    "auto is lan on Fly",
  );
});

test("an invalid config is reported path by path", () => {
  const [finding] = checkConfig(input({ configText: `{ gateway: { port: "x" } }` }));
  assert.equal(finding!.severity, "error");
  assert.match(finding!.message, /gateway\.port: /);
});

test("an enabled channel without its token is an error; the env token counts", () => {
  const configText = `{ channels: { discord: { enabled: true }, telegram: { enabled: true, botToken: "123:abc" } } }`;
  const missing = checkCredentials(input({ configText }));
  const discord = missing.find((f) => f.check === "discord")!;
  assert.equal(discord.severity, "error");
  assert.match(discord.fix!, /DISCORD_BOT_TOKEN/);
  assert.equal(missing.find((f) => f.check === "telegram")!.severity, "ok");
  assert.equal(
    checkCredentials(input({ configText, env: { DISCORD_BOT_TOKEN: "x" } })).find(
      (f) => f.check === "discord",
    )!.severity,
    "ok",
  );
});

test("the primary model's provider key is checked", () => {
  const configText = `{ agents: { defaults: { model: { primary: "anthropic/claude-opus-4-5" } } } }`;
  assert.equal(
    checkCredentials(input({ configText })).find((f) => f.check === "models")!.severity,
    "error",
  );
  assert.equal(
    checkCredentials(input({ configText, env: { ANTHROPIC_API_KEY: "k" } })).find(
      (f) => f.check === "models",
    )!.severity,
    "ok",
  );
});

test("the state dir: missing, writable, and OpenClaw lock files pointed out as harmless", () => {
  assert.equal(checkStateDir(input({ stateDir: "/nonexistent/state" }))[0]!.severity, "warn");
  const dir = mkdtempSync(join(tmpdir(), "doctor-"));
  writeFileSync(join(dir, "gateway.1234.lock"), "");
  const findings = checkStateDir(input({ stateDir: dir }));
  assert.equal(findings[0]!.severity, "ok");
  const lock = findings.find((f) => f.message.includes("gateway.1234.lock"))!;
  assert.equal(lock.severity, "info");
  assert.match(lock.fix!, /rm .*gateway\.1234\.lock/);
});

test("a heap limit close to the machine's memory is flagged with a fitting flag", () => {
  const [finding] = checkMemory(input({ machineMemoryMb: 256, heapLimitMb: 2048 }));
  assert.equal(finding!.severity, "warn");
  assert.match(finding!.fix!, /--max-old-space-size=153/);
  assert.equal(checkMemory(input({ machineMemoryMb: 512, heapLimitMb: 320 }))[0]!.severity, "ok");
});

test("NATS: unreachable is an error with a fix; a JetStream server is ok", async () => {
  const [down] = await checkNats({ NATS_URL: "nats://127.0.0.1:1" });
  assert.equal(down!.severity, "error");
  assert.match(down!.fix!, /nats/);
  const server = await startNatsServer();
  try {
    const [up] = await checkNats({ NATS_URL: server.url });
    assert.equal(up!.severity, "ok", up!.message);
    assert.match(up!.message, /JetStream on/);
  } finally {
    await server.dispose();
  }
});

test("NATS: independent servers behind one URL are refused as split brain, with the fix", async () => {
  const [a, b] = await Promise.all([startNatsServer(), startNatsServer()]);
  try {
    const findings = await checkNats({ NATS_URL: `${a.url},${b.url}` });
    const cluster = findings.find((f) => f.check === "nats cluster");
    assert.equal(cluster?.severity, "error");
    assert.match(cluster.message, /2 independent NATS servers/);
    assert.match(cluster.fix!, /cluster \{\}/);
    const single = await checkNats({ NATS_URL: a.url });
    assert.equal(single.find((f) => f.check === "nats cluster")?.severity, "ok");
    assert.match(single.find((f) => f.check === "stream INBOX")!.message, /not provisioned/);
  } finally {
    await Promise.all([a.dispose(), b.dispose()]);
  }
});

test("open DMs with the default dmScope main are a warning: different people share one conversation", () => {
  const findings = checkConfig(
    input({
      configText: `{ channels: { telegram: { botToken: "t", dmPolicy: "open", allowFrom: ["*"] } } }`,
    }),
  );
  const warning = findings.find((f) => f.severity === "warn");
  assert.match(warning?.message ?? "", /^channels\.telegram\.dmPolicy: .*share one conversation/);
});
