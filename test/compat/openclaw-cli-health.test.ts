import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";
import { COMPAT_TOKEN, startCompatStack, type CompatStack } from "./support/compat-stack.js";
import { installOpenClaw, openClawRunner, type CliRun } from "./support/openclaw-cli.js";

// OpenClaw 2026.9.6's own CLI against a started clawfleet (all services in one process, fake
// Telegram and Anthropic), for the commands a Fly user runs; asserts on what it prints.
let stack: CompatStack;
let openclaw: (args: string[]) => Promise<CliRun>;

before(async () => {
  const install = installOpenClaw();
  stack = await startCompatStack();
  openclaw = openClawRunner(install, { url: stack.url, token: COMPAT_TOKEN });
  for (const id of [4243, 4244]) stack.bot.addChat({ id, type: "private", first_name: `U${id}` });
});
after(async () => {
  await stack?.stop();
});

/** Runs a command that must succeed, and returns what it printed (stdout and stderr). */
async function ok(args: string[]): Promise<string> {
  return (await okRun(args)).output;
}

/** Runs a command that must succeed. */
async function okRun(args: string[]): Promise<CliRun> {
  const run = await openclaw(args);
  assert.equal(run.code, 0, `openclaw ${args.join(" ")} exited ${run.code}:\n${run.output}`);
  assert.doesNotMatch(run.output, /unknown method/i, `openclaw ${args.join(" ")}`);
  return run;
}

describe("OpenClaw's CLI against clawfleet", { timeout: 900_000 }, () => {
  it("health, logs and channels status --probe print real fields", async () => {
    const health = await ok(["health"]);
    assert.match(health, /Session store \(main\): nats:kv\/sessions \(\d+ entries\)/);
    assert.doesNotMatch(health, /undefined|NaN/);
    const logs = await ok(["logs", "--limit", "200"]);
    assert.match(logs, /\d{4}-\d\d-\d\dT\S+ info \S*gateway\S* listening on ws:\/\//);
    assert.doesNotMatch(logs, /^\{"ts"/m, "no raw JSON lines");
    assert.match(
      await ok(["channels", "status", "--probe"]),
      /Telegram default: enabled, configured.*running, connected/,
    );
  });

  it("gateway call answers the methods OpenClaw's clients use, none unknown", async () => {
    for (const method of ["sessions.list", "agents.list", "usage.status", "update.status"])
      await ok([
        "gateway",
        "call",
        method,
        "--params",
        method === "sessions.list" ? '{"limit":5000}' : "{}",
      ]);
    // The rest at the protocol level (each CLI start costs seconds): the same frames the CLI sends.
    const client = await connectClient(stack.url, { token: COMPAT_TOKEN });
    const unknown: string[] = [];
    for (const method of OPENCLAW_CLIENT_METHODS) {
      const res = await client.request(method, {});
      if (res.error && /unknown method/.test(res.error.message)) unknown.push(method);
    }
    client.close();
    assert.deepEqual(unknown, []);
  });
});

/** Methods OpenClaw 2026.9.6's CLI and Control UI call on a gateway (observed, see openclaw-clients.md). */
const OPENCLAW_CLIENT_METHODS = [
  "health",
  "status",
  "system-presence",
  "last-heartbeat",
  "diagnostics.stability",
  "config.get",
  "config.schema",
  "channels.status",
  "models.list",
  "models.authStatus",
  "agents.list",
  "agent.identity.get",
  "node.list",
  "device.pair.list",
  "skills.status",
  "usage.status",
  "usage.cost",
  "sessions.usage",
  "update.status",
  "commands.list",
  "tools.catalog",
  "wizard.status",
  "cron.list",
  "cron.status",
  "cron.runs",
  "chat.history",
  "chat.startup",
  "chat.metadata",
  "sessions.list",
  "sessions.describe",
  "sessions.preview",
  "sessions.subscribe",
  "sessions.messages.subscribe",
  "sessions.observer.visibility",
  "exec.approval.list",
  "plugin.approval.list",
  "talk.catalog",
  "themes.list",
  "plugins.list",
  "progressCard.get",
  "question.list",
  "tasks.list",
  "logs.tail",
];
