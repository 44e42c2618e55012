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
  it("agent --message prints the reply; --json has payloads and meta", async () => {
    assert.match(
      await ok(["agent", "--agent", "main", "--message", "hi compat"]),
      /echo: hi compat/,
    );
    const json = JSON.parse(
      (await openclaw(["agent", "--agent", "main", "--message", "as json", "--json"])).stdout,
    );
    assert.equal(json.status, "ok");
    assert.equal(json.result.payloads[0].text, "echo: as json");
    assert.equal(json.result.meta.agentMeta.provider, "anthropic");
  });

  it("agent --deliver delivers the reply on Telegram; message send sends", async () => {
    await ok([
      "agent",
      "--agent",
      "main",
      "--message",
      "deliver this",
      "--deliver",
      "--reply-channel",
      "telegram",
      "--reply-to",
      "4243",
    ]);
    const delivered = await stack.bot.waitForSentMessage({ chatId: 4243, timeoutMs: 30_000 });
    assert.equal(delivered.text, "echo: deliver this");
    assert.match(
      await ok(["message", "send", "--channel", "telegram", "--target", "4244", "--message", "hi"]),
      /Sent via telegram/,
    );
    const sent = await stack.bot.waitForSentMessage({ chatId: 4244, timeoutMs: 30_000 });
    assert.equal(sent.text, "hi");
  });

  it("models list shows the configured model with its inputs, context window and auth", async () => {
    assert.match(
      await ok(["models", "list"]),
      /anthropic\/claude-sonnet-4-5\s+text\+image\s+200k\s+-\s+yes/,
    );
  });
});
