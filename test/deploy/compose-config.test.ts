import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CLAW_ENV_VARS } from "@clawfleet/config";
import { DefaultHealthPorts, SHUTDOWN_BUDGET_MS, ServiceNames } from "@clawfleet/runtime";
import { checkInvocation } from "../../src/cli/run-cli.js";
import { nodeInvocation, readCompose, ROOT } from "./deploy-files.js";

const compose = readCompose();

test("docker-compose: NATS with JetStream on a volume and a healthcheck", () => {
  const nats = compose.services.nats!;
  assert.match(
    nats.image ?? "",
    /^nats:2\.(1[2-9]|[2-9]\d)\.\d+-alpine$/,
    "a pinned image with a shell for the healthcheck",
  );
  const confAt = nats.command?.indexOf("-c") ?? -1;
  assert.ok(confAt >= 0, "NATS runs from a config file");
  const mount = nats.volumes?.find((v) => v.split(":")[1] === nats.command?.[confAt + 1]);
  assert.equal(mount?.split(":")[0], "./deploy/nats.conf", "the same file as Fly's nats group");
  const conf = readFileSync(join(ROOT, "deploy/nats.conf"), "utf8");
  assert.match(conf, /store_dir: "\/data\/nats"/);
  assert.ok(
    nats.volumes?.some((v) => v.endsWith(":/data")),
    "the store is on a volume",
  );
  assert.match(conf, /^http_port: 8222$/m);
  assert.match(nats.healthcheck?.test.join(" ") ?? "", /8222\/healthz\?js-enabled-only=true/);
  assert.match(conf, /token: \$NATS_TOKEN/, "NATS requires the token");
  assert.match(nats.environment?.NATS_TOKEN ?? "", /^\$\{NATS_TOKEN:\?/, "token from .env");
  assert.ok(
    !nats.command?.some((arg) => arg.includes("NATS_TOKEN")),
    "no token on the command line",
  );
});

test("docker-compose: stop grace period outlasts every service's shutdown budget", () => {
  for (const name of [...ServiceNames, "nats"]) {
    const grace = compose.services[name]!.stop_grace_period;
    assert.ok(grace, `${name} has a stop_grace_period (Docker's default is 10 s)`);
    assert.ok(seconds(grace) * 1000 > SHUTDOWN_BUDGET_MS, `${name}: ${grace}`);
  }
});

function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  assert.ok(match, `unreadable duration ${duration}`);
  return Number(match[1]) * (match[2] === "m" ? 60 : 1);
}

test("docker-compose: the four services from one image, valid commands, healthy-NATS dependency, health ports", () => {
  for (const name of ServiceNames) {
    const service = compose.services[name];
    assert.ok(service, name);
    assert.equal(service.image, "clawfleet:local");
    assert.equal(service.depends_on?.nats?.condition, "service_healthy");
    const node = nodeInvocation(service.command ?? []);
    assert.ok(node, `${name} runs node`);
    const invocation = checkInvocation(node.args);
    assert.ok(
      invocation.ok && invocation.command === name,
      `${name}: ${service.command?.join(" ")}`,
    );
    const port = name === "gateway" ? Number(invocation.values.port) : DefaultHealthPorts[name];
    assert.match(
      service.healthcheck?.test.join(" ") ?? "",
      new RegExp(`127\\.0\\.0\\.1:${port}/readyz`),
      `${name} healthcheck`,
    );
    for (const key of Object.keys(service.environment ?? {}))
      assert.ok(key in CLAW_ENV_VARS, `${name}: ${key} undocumented`);
    assert.equal(service.environment?.NATS_URL, "nats://nats:4222");
  }
});

test("docker-compose: scaled services have no fixed host port or container name", () => {
  for (const name of ["agents", "channels", "voice"]) {
    assert.equal(
      compose.services[name]!.ports,
      undefined,
      `${name} would not scale with a host port`,
    );
    assert.equal(compose.services[name]!.container_name, undefined);
  }
  assert.deepEqual(compose.services.gateway!.ports, ["3000:3000"]);
});

test(".env.example documents every secret clawfleet reads", () => {
  const example = readFileSync(join(ROOT, ".env.example"), "utf8");
  const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  for (const [name, spec] of Object.entries(CLAW_ENV_VARS))
    if (spec.secret) assert.ok(listed.has(name), `.env.example lacks ${name}`);
  for (const name of listed)
    assert.ok(
      name !== undefined && name in CLAW_ENV_VARS,
      `.env.example lists ${name}, which nothing reads`,
    );
});
