import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseConfigText } from "@clawfleet/config";
import { runCli } from "../run-cli.js";
import type { AuditReport } from "./audit-finding.js";
import { securityAudit } from "./security-audit.js";

function audit(
  configText: string,
  env: Record<string, string> = {},
  configMode?: number,
): AuditReport {
  const config = parseConfigText(configText, { file: "/data/openclaw.json", env });
  return securityAudit({ env, configFile: "/data/openclaw.json", config, configMode });
}

const ids = (report: AuditReport) => report.findings.map((f) => `${f.severity} ${f.checkId}`);
const STRONG = "a".repeat(16) + "b".repeat(16);

describe("security audit checks", () => {
  it("a loopback gateway with a strong token, pairing DMs and ${VAR} secrets has nothing to report", () => {
    const report = audit(
      `{ gateway: { auth: { token: "\${GW}" } }, channels: { telegram: { botToken: "\${TG}" } } }`,
      { GW: STRONG, TG: "123:abc" },
    );
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.summary, { critical: 0, warn: 0, info: 0 });
  });

  it("open DMs with dmScope main are critical; with a per-sender scope they are a warning", () => {
    const open = `channels: { telegram: { botToken: "\${TG}", dmPolicy: "open", allowFrom: ["*"], groupPolicy: "open" } }`;
    const env = { TG: "t", OPENCLAW_GATEWAY_TOKEN: STRONG };
    const shared = audit(`{ ${open} }`, env);
    assert.deepEqual(ids(shared), [
      "critical channels.dm.shared-session",
      "warn channels.group.open",
    ]);
    assert.match(shared.findings[0]!.detail, /^channels\.telegram\.dmPolicy is "open"/);
    const perPeer = audit(`{ session: { dmScope: "per-channel-peer" }, ${open} }`, env);
    assert.deepEqual(ids(perPeer), ["warn channels.dm.open", "warn channels.group.open"]);
  });

  it("judges the gateway token by its length and the bind", () => {
    const lanShort = audit(`{ gateway: { bind: "lan" } }`, { OPENCLAW_GATEWAY_TOKEN: "sh0rtTok" });
    assert.deepEqual(ids(lanShort), ["critical gateway.auth.weak", "info gateway.bind.network"]);
    assert.doesNotMatch(JSON.stringify(lanShort), /sh0rtTok/, "the token itself is never shown");
    assert.deepEqual(ids(audit(`{}`, { OPENCLAW_GATEWAY_TOKEN: "short" })), [
      "warn gateway.auth.weak",
    ]);
    assert.deepEqual(ids(audit(`{ gateway: { bind: "auto" } }`, { FLY_APP_NAME: "app" })), [
      "critical gateway.auth.missing",
      "info gateway.bind.network",
      "info health.bind.network",
    ]);
    assert.deepEqual(ids(audit(`{}`, { OPENCLAW_GATEWAY_TOKEN: STRONG, HEALTH_BIND: "all" })), [
      "warn health.bind.network",
    ]);
  });

  it("names secrets written in clear in the file (never their values) and a readable file", () => {
    const report = audit(
      `{ gateway: { auth: { token: "${STRONG}" } }, channels: { discord: { token: "discord-secret-value" } } }`,
      {},
      0o644,
    );
    assert.deepEqual(ids(report), [
      "critical config.file.readable",
      "warn config.secrets.in-file",
      "warn config.secrets.in-file",
    ]);
    assert.deepEqual(
      report.findings.slice(1).map((f) => f.detail.split(" ")[0]),
      ["gateway.auth.token", "channels.discord.token"],
    );
    assert.doesNotMatch(JSON.stringify(report), /discord-secret-value|aaaaaaaa/);
  });

  it("WhatsApp without CLAWFLEET_STATE_KEY is critical", () => {
    const text = `{ channels: { whatsapp: {} } }`;
    const env = { OPENCLAW_GATEWAY_TOKEN: STRONG };
    assert.deepEqual(ids(audit(text, env)), ["critical channels.whatsapp.state-key"]);
    assert.deepEqual(ids(audit(text, { ...env, CLAWFLEET_STATE_KEY: STRONG })), []);
  });
});

describe("clawfleet security audit", () => {
  async function run(args: string[], configText: string, mode = 0o600) {
    const dir = mkdtempSync(join(tmpdir(), "audit-"));
    const file = join(dir, "openclaw.json");
    writeFileSync(file, configText);
    chmodSync(file, mode);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { OPENCLAW_CONFIG_PATH: file, OPENCLAW_GATEWAY_TOKEN: STRONG, TG: "123:abc" },
      isTerminal: false,
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("exits 1 on a critical finding and prints OpenClaw's JSON shape with --json", async () => {
    const critical = await run(
      ["security", "audit", "--json"],
      `{ channels: { telegram: { botToken: "\${TG}", dmPolicy: "open", allowFrom: ["*"] } } }`,
    );
    assert.equal(critical.code, 1);
    const report = JSON.parse(critical.out) as AuditReport;
    assert.deepEqual(report.summary, { critical: 1, warn: 0, info: 0 });
    assert.equal(report.findings[0]?.checkId, "channels.dm.shared-session");
    const clean = await run(["security", "audit"], `{}`);
    assert.equal(clean.code, 0);
    assert.match(clean.out, /^Summary: 0 critical · 0 warn · 0 info$/);
    const wrong = await run(["security", "check"], `{}`);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /unknown security command: check/);
  });
});
