import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  launchCli,
  startNatsServer,
  type LaunchedCli,
  type NatsTestServer,
} from "@clawfleet/testkit";
import { nodeInvocation, readFly, splitCommand } from "./deploy-files.js";

// Container-free smoke test: the exact process commands of fly.toml, run as local processes with
// fly.toml's [env] (NATS_URL pointed at a local server, the state dir at a temp dir), then every
// health check Fly would run, on the ports and paths fly.toml names.
const fly = readFly("fly.toml");
let nats: NatsTestServer;
const procs: LaunchedCli[] = [];

before(async () => {
  nats = await startNatsServer(process.env, { monitor: true });
});
after(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await nats.dispose();
});

test("every fly.toml process command starts locally and passes its Fly health check", async () => {
  const env = {
    ...fly.env,
    NATS_URL: nats.url,
    OPENCLAW_STATE_DIR: mkdtempSync(join(tmpdir(), "clawfleet-fly-")),
    OPENCLAW_GATEWAY_TOKEN: "smoke-test-token-0123456789",
    HEALTH_PORT: undefined,
  };
  for (const [group, command] of Object.entries(fly.processes)) {
    if (group === "nats") continue; // the local nats-server stands in for the nats group
    const node = nodeInvocation(splitCommand(command))!;
    procs.push(launchCli(node.args, env, { nodeArgs: node.nodeFlags }));
  }
  const probes: { name: string; url: string; headers?: Record<string, string> }[] = [];
  for (const check of fly.http_service?.checks ?? []) {
    probes.push({
      name: "http_service",
      url: `http://127.0.0.1:${fly.http_service!.internal_port}${check.path}`,
      headers: check.headers,
    });
  }
  for (const [name, check] of Object.entries(fly.checks ?? {})) {
    const host = check.processes?.includes("nats")
      ? nats.monitorUrl!
      : `http://127.0.0.1:${check.port}`;
    probes.push({
      name: `checks.${name}`,
      url: check.processes?.includes("nats") ? `${host}${check.path}` : `${host}${check.path}`,
    });
  }
  for (const probe of probes) {
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = await fetch(probe.url, { headers: probe.headers }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(
      status,
      200,
      `${probe.name} ${probe.url}\n${procs.flatMap((p) => p.lines.slice(-5)).join("\n")}`,
    );
  }
  assert.ok(
    procs.every((p) => p.child.exitCode === null),
    "every process is still running",
  );
});
