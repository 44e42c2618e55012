import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CLAW_ENV_VARS } from "@clawfleet/config";
import { DefaultHealthPorts, ServiceNames } from "@clawfleet/runtime";
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
  assert.ok(nats.command?.includes("-js"));
  assert.equal(nats.command?.[nats.command.indexOf("-sd") + 1], "/data");
  assert.ok(nats.volumes?.some((v) => v.endsWith(":/data")));
  assert.match(nats.healthcheck?.test.join(" ") ?? "", /8222\/healthz\?js-enabled-only=true/);
  assert.ok(nats.command?.includes("--auth"), "NATS requires the token");
});

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
