import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { llm } from "@clawfleet/testkit";
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
  it("gateway probe, status, stability and usage-cost", async () => {
    const probe = await ok(["gateway", "probe", "--url", stack.url, "--token", COMPAT_TOKEN]);
    assert.match(probe, /Reachable: yes/);
    assert.match(probe, /Read probe: ok/);
    const status = await ok(["gateway", "status", "--url", stack.url, "--token", COMPAT_TOKEN]);
    assert.match(status, /Gateway version: 2026\.9\.6/);
    assert.match(status, /Connectivity probe: ok/);
    assert.match(await ok(["gateway", "stability"]), /Memory: rss=\d/);
    // One turn whose usage the fake reports: 2,000,000 in and 100,000 out on claude-sonnet-4-5
    // ($3 and $15 per million) is $7.50 and 2.1m tokens in OpenClaw's own rendering.
    stack.llm.script.enqueue(llm.text("counted", { usage: { input: 2_000_000, output: 100_000 } }));
    await ok(["agent", "--agent", "main", "--message", "count me"]);
    assert.match(await ok(["gateway", "usage-cost"]), /Total: \$7\.50 · 2\.1m tokens/);
  });
});
