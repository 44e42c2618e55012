import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  freePort,
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { nodeInvocation, readFly, splitCommand, type FlyConfig } from "./deploy-files.js";

// Replays what flyctl does on the first `fly deploy` of a new app, container-free: the process
// groups of fly.toml are created one at a time in sorted name order, each from fly.toml's own
// command and [env], and each must pass every health check fly.toml gives it before the next group
// is created. The bus starts empty: NATS exists only once the `nats` group's turn comes. A check
// that needs a group created later would never pass, which is the deadlock this test guards.
// The bound per group stands in for flyctl's wait (5 min by default); it is not a speed target.
const GROUP_CHECK_BOUND_MS = 60_000;

const procs: LaunchedCli[] = [];
let nats: NatsTestServer | undefined;
after(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await nats?.dispose();
});

/** The HTTP checks fly.toml declares for one group: its top-level [checks] and http_service checks. */
function checksOf(fly: FlyConfig, group: string): { name: string; port: number; path: string }[] {
  const checks = Object.entries(fly.checks ?? {})
    .filter(([, check]) => check.processes?.includes(group))
    .map(([name, check]) => ({ name: `checks.${name}`, port: check.port, path: check.path }));
  if (fly.http_service?.processes?.includes(group))
    for (const check of fly.http_service.checks ?? [])
      checks.push({ name: "http_service", port: fly.http_service.internal_port, path: check.path });
  return checks;
}

async function statusOf(url: string): Promise<number> {
  return fetch(url).then(
    (response) => response.status,
    () => 0,
  );
}

async function waitForStatus(url: string, boundMs: number): Promise<number> {
  const deadline = Date.now() + boundMs;
  let status = await statusOf(url);
  while (status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await statusOf(url);
  }
  return status;
}

/**
 * Replays flyctl's first deploy of `file`: groups in sorted order, each from its own command and
 * [env], each required to pass its checks within the bound before the next is created.
 */
async function replayFirstDeploy(file: string): Promise<void> {
  const fly = readFly(file);
  const natsPort = await freePort();
  // Each Fly machine has its own network namespace; on one host every port a process or check
  // uses is mapped to a free one (fly-config.test.ts checks the real ports against the services).
  const hostPort = new Map<number, number>();
  const mapped = async (port: number) => {
    if (!hostPort.has(port)) hostPort.set(port, await freePort());
    return hostPort.get(port)!;
  };
  const env = {
    ...fly.env,
    FLY_APP_NAME: fly.app,
    // Fly's private DNS name of the nats group — or, for `all`, the loopback port its embedded
    // nats-server takes — resolved on this host to the port it will use.
    NATS_URL: `nats://127.0.0.1:${natsPort}`,
    OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-fly-")),
    OPENCLAW_GATEWAY_TOKEN: "first-deploy-token-0123456789",
  };
  const order = Object.keys(fly.processes).sort();
  const healthPortOf: Record<string, number> = {};

  for (const group of order) {
    const checks = checksOf(fly, group);
    assert.ok(checks.length > 0, `${group} has a health check flyctl waits for`);
    if (group === "nats") {
      const monitor = checks[0]!;
      nats = await startNatsServer({ PATH: process.env.PATH }, { monitor: true, port: natsPort });
      const status = await waitForStatus(`${nats.monitorUrl}${monitor.path}`, GROUP_CHECK_BOUND_MS);
      assert.equal(status, 200, `nats: ${monitor.name}`);
      continue;
    }
    const argv = splitCommand(fly.processes[group]!);
    const node = nodeInvocation(argv);
    assert.ok(node, `${group} runs node`);
    const args = [...node.args];
    const portAt = args.indexOf("--port");
    if (portAt >= 0) args[portAt + 1] = String(await mapped(Number(args[portAt + 1])));
    const healthCheck = checks.find((check) => check.name.startsWith("checks."));
    const healthPort = healthCheck ? await mapped(healthCheck.port) : 0;
    healthPortOf[group] = healthPort;
    const launched = launchCli(
      args,
      { ...env, HEALTH_PORT: String(healthPort) },
      {
        nodeArgs: node.nodeFlags,
      },
    );
    procs.push(launched);
    for (const check of checks) {
      const url = `http://127.0.0.1:${await mapped(check.port)}${check.path}`;
      const status = await waitForStatus(url, GROUP_CHECK_BOUND_MS);
      assert.equal(
        status,
        200,
        `${group}: ${check.name} ${check.path} did not pass before the next group would be created\n` +
          launched.lines.slice(-8).join("\n"),
      );
    }
  }

  // Once every group exists, every service connects to NATS and becomes ready.
  for (const [group, port] of Object.entries(healthPortOf)) {
    const status = await waitForStatus(`http://127.0.0.1:${port}/readyz`, GROUP_CHECK_BOUND_MS);
    assert.equal(status, 200, `${group} becomes ready once NATS exists`);
  }
  assert.ok(
    procs.every((p) => p.child.exitCode === null),
    "every process is still running",
  );
}

test("a first `fly deploy` completes: groups created in flyctl's order each pass their checks from an empty bus", async () => {
  const order = Object.keys(readFly("fly.toml").processes).sort();
  assert.ok(
    order.indexOf("nats") > 0,
    "some group is created before nats, so the replay starts from an empty bus",
  );
  await replayFirstDeploy("fly.toml");
});

test("a first `fly deploy -c fly.one-machine.toml` completes: `all` starts its own nats-server and passes its check", async () => {
  await replayFirstDeploy("fly.one-machine.toml");
});
