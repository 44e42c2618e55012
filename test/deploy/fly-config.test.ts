import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CLAW_ENV_VARS, natsServersFor } from "@clawfleet/config";
import {
  DefaultHealthPorts,
  HealthPaths,
  SHUTDOWN_BUDGET_MS,
  ServiceNames,
} from "@clawfleet/runtime";
import { checkInvocation } from "../../src/cli/run-cli.js";
import {
  memoryMb,
  nodeInvocation,
  readFly,
  ROOT,
  splitCommand,
  type FlyConfig,
} from "./deploy-files.js";

const GROUPS = [...ServiceNames, "nats"];
const configs: [string, FlyConfig][] = [
  ["fly.toml", readFly("fly.toml")],
  ["fly.private.toml", readFly("fly.private.toml")],
];

for (const [file, fly] of configs) {
  test(`${file}: one app with the five process groups, each command a valid invocation`, () => {
    assert.deepEqual(Object.keys(fly.processes).sort(), [...GROUPS].sort());
    for (const [group, command] of Object.entries(fly.processes)) {
      const argv = splitCommand(command);
      if (group === "nats") {
        assert.deepEqual(
          argv,
          ["nats-server", "-c", "/app/deploy/nats.conf"],
          "the Dockerfile copies deploy/ to /app/deploy",
        );
        continue;
      }
      const node = nodeInvocation(argv);
      assert.ok(node, `${group}: ${command}`);
      assert.equal(node.script, "dist/index.js");
      // Only V8 memory flags: the old space cap, and (channels) a small young generation and
      // compilation only on a function's first call.
      for (const flag of node.nodeFlags)
        assert.match(
          flag,
          /^(--max-(old|semi)-space-size=\d+|--max-lazy)$/,
          `${group}: node flag ${flag}`,
        );
      const invocation = checkInvocation(node.args);
      assert.ok(invocation.ok, `${group}: ${command}: ${invocation.ok ? "" : invocation.error}`);
      assert.equal(invocation.command, group, `the ${group} group runs the ${group} service`);
    }
  });

  test(`${file}: every http_service, services, checks and mounts section names existing process groups`, () => {
    const sections: [string, string[] | undefined][] = [];
    if (fly.http_service) sections.push(["http_service", fly.http_service.processes]);
    for (const [i, service] of (fly.services ?? []).entries())
      sections.push([`services[${i}]`, service.processes]);
    for (const [name, check] of Object.entries(fly.checks ?? {}))
      sections.push([`checks.${name}`, check.processes]);
    const mounts = Array.isArray(fly.mounts) ? fly.mounts : fly.mounts ? [fly.mounts] : [];
    for (const [i, mount] of mounts.entries()) sections.push([`mounts[${i}]`, mount.processes]);
    assert.ok(sections.length > 0);
    for (const [section, processes] of sections) {
      assert.ok(
        processes && processes.length > 0,
        `${file} [${section}] has no processes: it would apply to one default group only`,
      );
      for (const group of processes)
        assert.ok(GROUPS.includes(group), `${file} [${section}] names unknown group ${group}`);
    }
  });

  test(`${file}: health checks hit the ports and paths the services serve`, () => {
    const checked = new Set<string>();
    if (fly.http_service) {
      const gateway = checkInvocation(nodeInvocation(splitCommand(fly.processes.gateway!))!.args);
      assert.ok(gateway.ok);
      assert.equal(
        String(fly.http_service.internal_port),
        gateway.values.port,
        "internal_port matches the gateway's --port",
      );
      assert.equal(gateway.values.bind, "lan", "Fly's proxy needs a non-loopback bind");
      assert.equal(
        fly.http_service.checks,
        undefined,
        "http_service checks probe internal_port, which opens only once NATS answers",
      );
    }
    for (const check of Object.values(fly.checks ?? {})) {
      for (const group of check.processes ?? []) {
        checked.add(group);
        if (group === "nats") {
          assert.equal(check.port, 8222);
          assert.match(readFileSync(join(ROOT, "deploy/nats.conf"), "utf8"), /^http_port: 8222$/m);
          assert.equal(check.path, "/healthz?js-enabled-only=true");
          continue;
        }
        assert.equal(
          check.port,
          DefaultHealthPorts[group as keyof typeof DefaultHealthPorts],
          `${group} health port`,
        );
        assert.ok(
          (HealthPaths.live as readonly string[]).includes(check.path),
          `${group} path ${check.path}: a liveness path (a readiness check would stall the first deploy)`,
        );
      }
    }
    assert.deepEqual([...checked].sort(), [...GROUPS].sort(), "every group is checked");
  });

  test(`${file}: every group restarts always (deploy's default on-fail stops a machine for good)`, () => {
    const policies = new Map<string, string>();
    for (const restart of fly.restart ?? [])
      for (const group of restart.processes ?? []) policies.set(group, restart.policy);
    for (const group of GROUPS) assert.equal(policies.get(group), "always", group);
  });

  test(`${file}: machines sized per group, heap inside memory, graceful kill`, () => {
    const vms = fly.vm ?? [];
    for (const group of GROUPS) {
      const vm = vms.find((v) => v.processes?.includes(group));
      assert.ok(vm, `${group} has a [[vm]]`);
      const heap = /--max-old-space-size=(\d+)/.exec(fly.processes[group]!)?.[1];
      if (group !== "nats")
        assert.ok(
          heap && Number(heap) <= memoryMb(vm.memory) * 0.7,
          `${group}: heap ${heap} MB in a ${vm.memory} machine`,
        );
    }
    assert.equal(fly.kill_signal, "SIGTERM");
    assert.ok(
      Number.parseInt(fly.kill_timeout ?? "0", 10) * 1000 > SHUTDOWN_BUDGET_MS,
      "kill_timeout outlasts the shutdown budget",
    );
  });

  test(`${file}: env is documented and the app name is written once (NATS_URL derived from it)`, () => {
    for (const name of Object.keys(fly.env ?? {}))
      assert.ok(name in CLAW_ENV_VARS, `${name} is not in CLAW_ENV_VARS`);
    assert.equal(fly.env?.NATS_URL, undefined, "NATS_URL would repeat the app name");
    assert.equal(
      natsServersFor({ ...fly.env, FLY_APP_NAME: fly.app }),
      `nats://nats.process.${fly.app}.internal:4222`,
    );
    const naming = readFileSync(join(ROOT, file), "utf8")
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#") && line.includes(fly.app));
    assert.deepEqual(naming, [`app = "${fly.app}"`], "the app name is set in `app` only");
    assert.equal(fly.env?.OPENCLAW_STATE_DIR, "/data");
    const mounts = Array.isArray(fly.mounts) ? fly.mounts : [];
    assert.deepEqual(mounts.map((m) => `${m.processes?.join(",")}:${m.destination}`).sort(), [
      "gateway:/data",
      "nats:/data",
    ]);
  });
}

test("fly.one-machine.toml: `all` alone on a 512 MB shared-cpu-1x, its nats-server embedded on the volume", () => {
  const fly = readFly("fly.one-machine.toml");
  assert.deepEqual(Object.keys(fly.processes), ["all"]);
  const node = nodeInvocation(splitCommand(fly.processes.all!));
  assert.ok(node);
  assert.equal(node.script, "dist/index.js");
  const invocation = checkInvocation(node.args);
  assert.ok(invocation.ok, invocation.ok ? "" : invocation.error);
  assert.equal(invocation.command, "all");
  assert.equal(invocation.values.bind, "lan", "Fly's proxy needs a non-loopback bind");
  assert.equal(String(fly.http_service?.internal_port), invocation.values.port);
  assert.deepEqual(fly.http_service?.processes, ["all"]);
  assert.equal(fly.http_service?.checks, undefined);
  const checks = Object.values(fly.checks ?? {});
  assert.deepEqual(
    checks.map((c) => [c.processes, c.port, c.path]),
    [[["all"], DefaultHealthPorts.all, "/healthz"]],
  );
  assert.ok((HealthPaths.live as readonly string[]).includes("/healthz"));
  assert.deepEqual(
    (fly.restart ?? []).map((r) => [r.policy, r.processes]),
    [["always", ["all"]]],
  );
  const mounts = Array.isArray(fly.mounts) ? fly.mounts : [];
  assert.deepEqual(
    mounts.map((m) => [m.processes, m.destination]),
    [[["all"], "/data"]],
  );
  assert.equal(fly.env?.OPENCLAW_STATE_DIR, "/data", "the embedded store lands on the volume");
  assert.equal(fly.env?.NATS_URL, undefined, "NATS_URL unset: `all` starts its own nats-server");
  for (const name of Object.keys(fly.env ?? {}))
    assert.ok(name in CLAW_ENV_VARS, `${name} is not in CLAW_ENV_VARS`);
  const vm = fly.vm ?? [];
  assert.equal(vm.length, 1);
  assert.equal((vm[0] as { size?: string }).size, "shared-cpu-1x");
  assert.equal(memoryMb(vm[0]!.memory), 512);
  const heap = Number(/--max-old-space-size=(\d+)/.exec(fly.processes.all!)?.[1]);
  assert.ok(heap > 0 && heap <= 512 * 0.6, `heap ${heap} MB leaves room for nats-server`);
  assert.equal(fly.kill_signal, "SIGTERM");
  assert.ok(Number.parseInt(fly.kill_timeout ?? "0", 10) * 1000 > SHUTDOWN_BUDGET_MS);
});

test("fly.private.toml has no public service at all", () => {
  const fly = readFly("fly.private.toml");
  assert.equal(fly.http_service, undefined);
  assert.equal(fly.services, undefined);
});

test("deploy/nats.conf: IPv6 listener, JetStream on the volume with sync_interval always, token from the secret", () => {
  const text = readFileSync(join(ROOT, "deploy/nats.conf"), "utf8");
  assert.match(text, /^host: "::"$/m);
  assert.match(text, /store_dir: "\/data\/nats"/);
  assert.match(text, /^\s+sync_interval: always$/m);
  assert.match(text, /token: \$NATS_TOKEN/);
  // nats-server 2.9 (this machine) predates sync_interval; everything else is checked by a real server.
  const dir = mkdtempSync(join(tmpdir(), "nats-conf-"));
  writeFileSync(join(dir, "nats.conf"), text.replace(/^\s+sync_interval: always$/m, ""));
  const withToken = spawnSync("nats-server", ["-c", join(dir, "nats.conf"), "-t"], {
    env: { PATH: process.env.PATH, NATS_TOKEN: "t" },
    encoding: "utf8",
  });
  assert.equal(withToken.status, 0, withToken.stderr);
  const withoutToken = spawnSync("nats-server", ["-c", join(dir, "nats.conf"), "-t"], {
    env: { PATH: process.env.PATH },
    encoding: "utf8",
  });
  assert.notEqual(withoutToken.status, 0, "NATS refuses to start without its token");
  assert.match(withoutToken.stderr, /NATS_TOKEN/);
});

test("the Dockerfile builds what fly.toml runs", () => {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
  assert.match(
    dockerfile,
    /ARG NATS_VERSION=2\.(1[2-9]|[2-9]\d)\.\d+/,
    "nats-server pinned at 2.12 or newer",
  );
  assert.match(dockerfile, /npm ci --omit=dev/);
  assert.match(dockerfile, /COPY --from=nats \/nats-server \/usr\/local\/bin\/nats-server/);
  assert.match(dockerfile, /COPY deploy\/ \.\/deploy\//);
  assert.match(
    dockerfile,
    /^ENTRYPOINT \["\/app\/deploy\/docker-entrypoint\.sh"\]$/m,
    "every command goes through the entrypoint that drops root",
  );
  assert.match(
    readFileSync(join(ROOT, "deploy/docker-entrypoint.sh"), "utf8"),
    /exec setpriv --reuid=node/,
  );
  assert.ok(existsSync(join(ROOT, ".dockerignore")));
});
