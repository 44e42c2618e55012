import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseConfigText, type ConfigLoadResult } from "@clawfleet/config";
import { freePort, startNatsServer } from "@clawfleet/testkit";
import { spawn } from "node:child_process";
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
    inContainer: false,
    serviceHeaps: [],
    ...overrides,
  };
}

test("a network bind without a token is an error whose fix sets the secret", () => {
  const [finding] = checkGatewayAuth(input({ bind: "lan", env: { FLY_APP_NAME: "app" } }));
  assert.equal(finding!.severity, "error");
  assert.match(finding!.fix!, /fly secrets set OPENCLAW_GATEWAY_TOKEN=\$\(openssl rand -hex 32\)/);
  const [laptop] = checkGatewayAuth(input({ bind: "lan" }));
  assert.match(
    laptop!.fix!,
    /^export OPENCLAW_GATEWAY_TOKEN=/,
    "a laptop gets a shell fix, not fly",
  );
  assert.equal(
    checkGatewayAuth(input({ bind: "lan", env: { OPENCLAW_GATEWAY_TOKEN: "t" } }))[0]!.severity,
    "ok",
  );
  assert.equal(checkGatewayAuth(input({ bind: "loopback" }))[0]!.severity, "ok");
  assert.equal(
    checkGatewayAuth(input({ bind: "auto", inContainer: true }))[0]!.severity,
    "error",
    "auto is lan in a container or on Fly, as the gateway decides",
  );
  assert.equal(checkGatewayAuth(input({ bind: "auto" }))[0]!.severity, "ok");
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

test("voice: the active provider is named and its credentials checked (Telnyx's public key on its own)", () => {
  const telnyx = `{ plugins: { entries: { "voice-call": { enabled: true, config: { provider: "telnyx" } } } } }`;
  const voice = (configText: string, env: Record<string, string> = {}) =>
    checkCredentials(input({ configText, env })).filter((f) => f.check === "voice");
  const missing = voice(telnyx, { TELNYX_API_KEY: "KEY1", TELNYX_CONNECTION_ID: "c1" });
  assert.match(missing[0]!.message, /^voice calls via telnyx/);
  assert.equal(missing.find((f) => /API key/.test(f.message))!.severity, "ok");
  const key = missing.find((f) => /public key/.test(f.message))!;
  assert.equal(key.severity, "error");
  assert.match(key.fix!, /TELNYX_PUBLIC_KEY=/);
  const twilio = voice(
    `{ plugins: { entries: { "voice-call": { enabled: true, config: { provider: "twilio" } } } } }`,
  );
  assert.match(twilio[0]!.message, /^voice calls via twilio/);
  assert.equal(twilio.find((f) => /Twilio/.test(f.message))!.severity, "error");
  assert.deepEqual(voice("{}"), [], "nothing about voice while it is disabled");
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

test("with no config file yet (a first `all`), the default model's missing key is still found", () => {
  const missing = input();
  missing.config = { ok: false, missing: true } as ConfigLoadResult;
  const models = checkCredentials(missing).find((f) => f.check === "models");
  assert.equal(models?.severity, "error");
  assert.match(models!.message, /ANTHROPIC_API_KEY for anthropic\/claude-opus-4-5: missing/);
  assert.match(models!.fix!, /^export ANTHROPIC_API_KEY=/);
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

test("each live service's own heap limit is checked against the machine, with a fitting flag", () => {
  const heaps = (heapLimitMb: number) => [{ name: "agents", id: "a1", heapLimitMb }];
  const [finding] = checkMemory(input({ machineMemoryMb: 256, serviceHeaps: heaps(2048) }));
  assert.equal(finding!.severity, "warn");
  assert.match(finding!.message, /^agents a1: heap limit 2048 MB/);
  assert.match(finding!.fix!, /--max-old-space-size=153/);
  const ok = checkMemory(input({ machineMemoryMb: 512, serviceHeaps: heaps(320) }));
  assert.equal(ok[0]!.severity, "ok");
  assert.equal(checkMemory(input())[0]!.severity, "info", "no service: nothing measured");
});

test("NATS: unreachable is an error with a fix; a JetStream server is ok", async () => {
  const {
    findings: [down],
  } = await checkNats({}, "nats://127.0.0.1:1");
  assert.equal(down!.severity, "error");
  assert.match(down!.fix!, /nats/);
  const server = await startNatsServer();
  try {
    const {
      findings: [up],
    } = await checkNats({}, server.url);
    assert.equal(up!.severity, "ok", up!.message);
    assert.match(up!.message, /JetStream on/);
  } finally {
    await server.dispose();
  }
});

test("NATS: a refused token is reported as a token problem, not as a server to start", async () => {
  const port = await freePort();
  const server = spawn(
    "nats-server",
    ["-a", "127.0.0.1", "-p", String(port), "--auth", "right-token"],
    {
      stdio: "ignore",
    },
  );
  try {
    const url = `nats://127.0.0.1:${port}`;
    let result;
    for (let i = 0; i < 50; i++) {
      result = await checkNats({ NATS_TOKEN: "wrong-token" }, url);
      if (!/connection refused/i.test(result.findings[0]!.message)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [finding] = result!.findings;
    assert.equal(finding!.severity, "error");
    assert.match(finding!.message, /refused the credentials \(NATS_TOKEN\)/);
    assert.match(finding!.fix!, /NATS_TOKEN/);
    assert.doesNotMatch(finding!.fix!, /start the nats/);
    assert.doesNotMatch(JSON.stringify(finding), /wrong-token|right-token/);
  } finally {
    server.kill();
  }
});

test("NATS: independent servers behind one URL are refused as split brain, with the fix", async () => {
  const [a, b] = await Promise.all([startNatsServer(), startNatsServer()]);
  try {
    const { findings } = await checkNats({}, `${a.url},${b.url}`);
    const cluster = findings.find((f) => f.check === "nats cluster");
    assert.equal(cluster?.severity, "error");
    assert.match(cluster.message, /2 independent NATS servers/);
    assert.match(cluster.fix!, /cluster \{\}/);
    const { findings: single } = await checkNats({}, a.url);
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
