import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { freePort } from "@clawfleet/testkit";
import { readFly, ROOT } from "./deploy-files.js";

// The shipped 3-node NATS cluster for Fly (deploy/nats-cluster.sh + deploy/nats-cluster.conf),
// started three times on this host: the env Fly gives each machine (FLY_MACHINE_ID, the secrets)
// and, since the three share one network namespace here, loopback and a free port per listener
// in place of "::" and 4222/6222/8222. nats-server 2.9 (this machine) predates sync_interval.
const CONF = readFileSync(join(ROOT, "deploy/nats-cluster.conf"), "utf8");
const SCRIPT = join(ROOT, "deploy/nats-cluster.sh");
const children: ChildProcess[] = [];
const dirs: string[] = [];
after(() => {
  // Each script runs in its own process group: kill it together with its nats-server.
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function seconds(value: string): number {
  const match = /^"?(\d+)s"?$/.exec(value.trim());
  assert.ok(match, `a duration in seconds: ${value}`);
  return Number(match[1]);
}

/** The conf as one node runs it here: ports and store replaced, everything else as shipped. */
function localConf(dir: string, ports: { client: number; monitor: number; route: number }) {
  const text = CONF.replace(/^host: "::"$/m, "host: 127.0.0.1")
    .replace(/^port: 4222$/m, `port: ${ports.client}`)
    .replace(/^http_port: 8222$/m, `http_port: ${ports.monitor}`)
    .replace(/^ {2}host: "::"$/m, "  host: 127.0.0.1")
    .replace(/^ {2}port: 6222$/m, `  port: ${ports.route}`)
    .replace(/store_dir: "\/data\/nats"/, `store_dir: "${dir}"`)
    .replace(/^\s+sync_interval: always$/m, "");
  for (const original of ['host: "::"', "port: 4222", "http_port: 8222", "port: 6222"])
    assert.ok(!text.includes(original), `${original} was replaced`);
  const file = join(dir, "nats-cluster.conf");
  writeFileSync(file, text);
  return file;
}

async function jsz(monitor: number): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${monitor}/jsz`);
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

test("deploy/nats-cluster.conf: unique name per machine, IPv6 listeners, durable store, route auth, lame duck inside kill_timeout", () => {
  assert.match(CONF, /^server_name: \$FLY_MACHINE_ID$/m);
  assert.match(CONF, /^host: "::"$/m);
  assert.match(CONF, /^ {2}host: "::"$/m, "routes listen on the private IPv6 network too");
  assert.match(CONF, /^ {2}sync_interval: always$/m);
  assert.match(CONF, /token: \$NATS_TOKEN/);
  assert.match(CONF, /password: \$NATS_ROUTE_PASSWORD/);
  assert.match(CONF, /routes: \$NATS_ROUTES/);
  const lameDuck = seconds(/^lame_duck_duration: (.+)$/m.exec(CONF)![1]!);
  const killTimeout = seconds(readFly("fly.toml").kill_timeout!);
  assert.ok(lameDuck + 5 <= killTimeout, `lame duck ${lameDuck}s ends before kill_timeout`);
  assert.equal(readFly("fly.toml").checks?.nats?.port, 8222);
  assert.match(CONF, /^http_port: 8222$/m);
});

test("deploy/nats-cluster.sh derives the routes from FLY_APP_NAME and refuses to start without its secrets", () => {
  const bin = mkdtempSync(join(tmpdir(), "fake-nats-"));
  dirs.push(bin);
  writeFileSync(
    join(bin, "nats-server"),
    '#!/bin/sh\necho "routes=$NATS_ROUTES"\necho "args=$*"\n',
  );
  chmodSync(join(bin, "nats-server"), 0o755);
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    NATS_TOKEN: "t",
    NATS_ROUTE_PASSWORD: "0123abcd",
    FLY_MACHINE_ID: "e784079b449483",
    FLY_APP_NAME: "my-openclaw",
  };
  const run = spawnSync("sh", [SCRIPT], { env, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /^routes=\[nats-route:\/\/route:0123abcd@nats\.process\.my-openclaw\.internal:6222\]$/m,
  );
  assert.match(run.stdout, /^args=-c \/app\/deploy\/nats-cluster\.conf$/m);
  for (const missing of ["NATS_ROUTE_PASSWORD", "NATS_TOKEN", "FLY_MACHINE_ID"]) {
    const refused = spawnSync("sh", [SCRIPT], {
      env: { ...env, [missing]: "" },
      encoding: "utf8",
    });
    assert.notEqual(refused.status, 0, `refused without ${missing}`);
    assert.match(refused.stderr, new RegExp(missing));
  }
});

test("three nats-servers started from the shipped cluster config form one JetStream cluster", async () => {
  const password = "route-secret-0123";
  const nodes = [];
  for (let i = 0; i < 3; i++)
    nodes.push({ client: await freePort(), monitor: await freePort(), route: await freePort() });
  const routes = `[${nodes.map((n) => `nats-route://route:${password}@127.0.0.1:${n.route}`).join(", ")}]`;
  const logs: string[] = ["", "", ""];
  for (const [i, ports] of nodes.entries()) {
    const dir = mkdtempSync(join(tmpdir(), `nats-cluster-node${i}-`));
    dirs.push(dir);
    const child = spawn("sh", [SCRIPT], {
      env: {
        PATH: process.env.PATH,
        NATS_TOKEN: "client-token",
        NATS_ROUTE_PASSWORD: password,
        FLY_MACHINE_ID: `machine${i}`,
        NATS_ROUTES: routes,
        NATS_CLUSTER_CONF: localConf(dir, ports),
      },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    child.stderr?.on("data", (chunk: Buffer) => (logs[i] += chunk.toString()));
    children.push(child);
  }
  const deadline = Date.now() + 60_000;
  let views: (Record<string, unknown> | undefined)[] = [];
  for (;;) {
    views = await Promise.all(nodes.map((n) => jsz(n.monitor)));
    const metas = views.map((v) => v?.meta_cluster as Record<string, unknown> | undefined);
    const leader = metas[0]?.leader;
    const formed =
      leader !== undefined &&
      metas.every((m) => m?.leader === leader && m?.cluster_size === 3) &&
      (metas.find((m) => m?.replicas)?.replicas as { current?: boolean }[] | undefined)?.filter(
        (r) => r.current,
      ).length === 2;
    if (formed) break;
    assert.ok(Date.now() < deadline, `no formed cluster in 60 s: ${JSON.stringify(metas)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const meta = views[0]!.meta_cluster as { name: string; leader: string };
  assert.equal(meta.name, "clawfleet");
  assert.match(meta.leader, /^machine[012]$/, "server_name comes from FLY_MACHINE_ID");
  assert.equal(new Set(views.map((v) => v!.server_id)).size, 3);

  // Fly's SIGTERM becomes lame-duck mode: the node announces it, then stops by itself, cleanly.
  const last = children.at(-1)!;
  const exited = new Promise<number | null>((resolve) => last.once("exit", resolve));
  last.kill("SIGTERM");
  assert.equal(await exited, 0, logs[2]);
  assert.match(logs[2]!, /lame duck mode/i);
});
