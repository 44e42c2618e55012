import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { launchCli } from "@clawfleet/testkit";

// Issue 15, item 13: closing the terminal window that runs `clawfleet all` left `all` at 100 % CPU
// (every log write failed with EIO and the failure was logged, to the same terminal, forever) and
// its embedded nats-server running. Here `all` runs inside a real pseudo-terminal (util-linux
// `script`); killing `script` closes the terminal's master side as a terminal window does, which
// hangs up the session (SIGHUP) and fails every later write to the terminal.

const GONE_WITHIN_MS = 30_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function waitGone(pid: number): Promise<boolean> {
  const deadline = Date.now() + GONE_WITHIN_MS;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isRunning(pid);
}

test(
  "closing the terminal that runs `all` ends `all` and its embedded nats-server; nothing is left spinning",
  { timeout: 120_000 },
  async () => {
    const hasScript = spawnSync("sh", ["-c", "command -v script"]).status === 0;
    assert.ok(hasScript, "this test needs util-linux `script` (in every Debian, as CI's is)");
    const all = launchCli(
      ["all", "--port", "0"],
      {
        NATS_URL: undefined,
        LOG_FORMAT: undefined, // a terminal gets the pretty format, as an operator would see it
        OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-terminal-")),
        OPENCLAW_GATEWAY_TOKEN: "closed-terminal-token-0123456789",
        ANTHROPIC_API_KEY: "sk-ant-test-key",
        TERM: "xterm",
      },
      { terminal: true },
    );
    let allPid: number | undefined;
    let natsPid: number | undefined;
    try {
      const natsLine = await all.waitForLine(/started nats-server \(pid \d+\)/, 60_000);
      natsPid = Number(/started nats-server \(pid (\d+)\)/.exec(natsLine)![1]);
      const gatewayLine = await all.waitForLine(/listening on ws:\/\/.*\(PID \d+\)/, 60_000);
      allPid = Number(/\(PID (\d+)\)/.exec(gatewayLine)![1]);
      await all.waitForLine(/\bready: gateway, agents, channels, voice\b/, 60_000);
      assert.ok(isRunning(allPid) && isRunning(natsPid));

      all.child.kill("SIGKILL"); // the terminal window closes
      await all.exited;
      const cpuAtClose = cpuSeconds(allPid);
      const allGone = await waitGone(allPid);
      const spent = allGone ? 0 : cpuSeconds(allPid) - cpuAtClose;
      assert.ok(
        allGone,
        `all (pid ${allPid}) still runs ${GONE_WITHIN_MS / 1000} s after its terminal closed, having used ${spent.toFixed(1)} CPU s since`,
      );
      assert.ok(
        await waitGone(natsPid),
        `the embedded nats-server (pid ${natsPid}) outlived the closed terminal`,
      );
    } finally {
      all.child.kill("SIGKILL");
      for (const pid of [allPid, natsPid])
        if (pid !== undefined && isRunning(pid)) process.kill(pid, "SIGKILL");
    }
  },
);
