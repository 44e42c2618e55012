import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchCli, startNatsServer, type NatsTestServer } from "@clawfleet/testkit";

let nats: NatsTestServer;
before(async () => {
  nats = await startNatsServer();
});
after(async () => {
  await nats.dispose();
});

const SECRET = "tok-e2e-very-secret-value-123";

function envFor(stateDir: string) {
  return {
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_GATEWAY_TOKEN: SECRET,
    ANTHROPIC_API_KEY: "sk-ant-test-not-a-key",
  };
}

test("each service subcommand starts for real: health port, bus, provisioning, ready", async () => {
  for (const service of ["agents", "channels", "voice", "gateway"]) {
    const stateDir = mkdtempSync(join(tmpdir(), "clawfleet-e2e-"));
    const proc = launchCli(
      service === "gateway" ? [service, "--allow-unconfigured", "--port", "0"] : [service],
      envFor(stateDir),
    );
    try {
      await proc.waitReady();
      const port = await proc.healthPort();
      const live = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.deepEqual(await live.json(), { ok: true, status: "live" });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /^clawfleet_ready 1$/m);
      assert.match(metrics, /^process_resident_memory_bytes \d+$/m);
      const { code } = await proc.stop("SIGTERM");
      assert.equal(code, 0, `${service} exits 0 on SIGTERM`);
      for (const line of proc.lines) {
        assert.ok(!line.includes(SECRET), `secret leaked: ${line}`);
        const record = JSON.parse(line);
        assert.equal(record.service, service);
        assert.ok(record.instance && record.trace, line);
      }
      assert.deepEqual(
        readdirSync(stateDir).filter((f) => f.endsWith(".lock")),
        [],
        "no lock files",
      );
    } finally {
      await proc.stop("SIGKILL");
    }
  }
});

test("a running service rides out a nats-server restart and is ready again without a restart", async (t) => {
  const proc = launchCli(["agents"], envFor(mkdtempSync(join(tmpdir(), "clawfleet-e2e-"))));
  try {
    await proc.waitReady();
    const port = await proc.healthPort();
    await nats.kill();
    await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 503);
    const body = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    assert.deepEqual(body.failing, ["bus: disconnected from NATS"]);
    await nats.restart();
    const restarted = Date.now();
    // Not a timing assertion (npm run bench measures recovery): long enough for a busy CI machine.
    await until(
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200,
      45_000,
    ).catch(async (error: unknown) => {
      const readyz = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.text())
        .catch((e: unknown) => String(e));
      throw new Error(
        `${String(error)}; /readyz says ${readyz}; the service's last lines:\n${proc.lines.slice(-30).join("\n")}`,
      );
    });
    t.diagnostic(`ready again ${Date.now() - restarted} ms after nats-server restarted`);
    assert.equal(proc.child.exitCode, null, "still the same process");
    await proc.waitForLine(/reconnected to/);
  } finally {
    await proc.stop();
  }
});

test("unknown subcommands and flags print usage and exit 2", async () => {
  for (const args of [["bogus"], ["agents", "--bogus"], ["config", "frobnicate"]]) {
    const proc = launchCli(args, {});
    const { code } = await proc.exited;
    assert.equal(code, 2, args.join(" "));
    assert.ok(
      proc.lines.some((l) => /Usage: clawfleet/.test(l)),
      proc.lines.join("\n"),
    );
  }
});

async function until(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
