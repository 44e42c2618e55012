import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CLI_PATH, freePort, launchCli } from "@clawfleet/testkit";

// The README's run command on a fresh machine: no nats-server on PATH, no NATS_URL, no model key.
test(
  "first run: `all` fetches nats-server, starts its own, prints the Control UI URL and the key to set; doctor finds the key",
  { timeout: 120_000 },
  async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "first-run-state-"));
    const env = {
      PATH: "/usr/bin:/bin", // Debian keeps nats-server in /usr/sbin: it is not on this PATH
      CLAWFLEET_CACHE_DIR: mkdtempSync(join(tmpdir(), "first-run-cache-")),
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_GATEWAY_TOKEN: "first-run-token-0123456789",
    };
    const all = launchCli(["all", "--port", "0"], env);
    try {
      await all.waitForLine(/fetching Debian's nats-server package/, 60_000);
      await all.waitReady(60_000);
      const ui = await all.waitForLine(/Control UI: http:\/\/127\.0\.0\.1:\d+\//, 10_000);
      assert.match(ui, /Control UI: http:\/\/127\.0\.0\.1:\d+\//);
      const warning = await all.waitForLine(/set ANTHROPIC_API_KEY/, 10_000);
      assert.match(warning, /"level":"warn"/);
      assert.ok(
        !all.lines.some((l) => /127\.0\.0\.1:4222/.test(l)),
        "it never uses whatever answers on 4222",
      );

      const doctor = spawnSync(process.execPath, [CLI_PATH, "doctor"], {
        env: { ...env, PATH: "/usr/bin:/bin" },
        encoding: "utf8",
        timeout: 30_000,
      });
      assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
      assert.match(doctor.stdout, /ANTHROPIC_API_KEY for anthropic\/claude-opus-4-5: missing/);
      assert.match(doctor.stdout, /export ANTHROPIC_API_KEY=/);
      assert.match(doctor.stdout, /JetStream on/, "doctor found the embedded server by itself");
      assert.match(doctor.stdout, /heap limit \d+ MB/, "and the services' own heap limits");
    } finally {
      const { code } = await all.stop();
      assert.equal(code, 0);
    }
  },
);

test(
  "a taken health port is one clear line naming HEALTH_PORT, not a raw EADDRINUSE",
  { timeout: 60_000 },
  async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const agents = launchCli(["agents"], {
        HEALTH_PORT: String(port),
        NATS_URL: "nats://127.0.0.1:1",
        OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clash-")),
      });
      const { code } = await agents.exited;
      assert.equal(code, 1);
      const line = agents.lines.find((l) => /HEALTH_PORT/.test(l));
      assert.match(
        line ?? agents.lines.join("\n"),
        new RegExp(`health port ${port} is already in use by another program: set HEALTH_PORT`),
      );
      assert.ok(!agents.lines.some((l) => /EADDRINUSE/.test(l)), agents.lines.join("\n"));
    } finally {
      blocker.close();
    }
  },
);
