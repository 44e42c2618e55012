import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
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
  it("system presence and heartbeat, nodes, devices, skills, cron", async () => {
    const presence = JSON.parse((await okRun(["system", "presence"])).stdout);
    assert.ok(presence.some((p: { clientId: string }) => p.clientId === "cli"));
    await ok(["system", "heartbeat", "last"]);
    assert.match(await ok(["nodes", "status"]), /Known: 0 · Paired: 0 · Connected: 0/);
    assert.match(await ok(["devices", "list"]), /No device pairing entries/);
    assert.match(await ok(["skills", "list"]), /No skills found/);
    assert.match(await ok(["cron", "list"]), /No automations/);
    // The stack runs an agents worker, so the scheduler answers: enabled, no jobs yet.
    const cron = JSON.parse((await okRun(["cron", "status"])).stdout);
    assert.deepEqual([cron.enabled, cron.jobs], [true, 0]);
  });
});
