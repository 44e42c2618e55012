import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryMb, readCompose, readFly, ROOT, splitCommand } from "./deploy-files.js";

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const fly = readFly("fly.signal.toml") as ReturnType<typeof readFly> & {
  build?: { dockerfile?: string; "build-target"?: string };
};

/** The Dockerfile's stages in order: name and body. */
function stages(): { name: string | undefined; body: string }[] {
  return dockerfile
    .split(/^(?=FROM )/m)
    .filter((part) => part.startsWith("FROM "))
    .map((body) => ({ name: / AS ([\w-]+)/i.exec(body.split("\n")[0]!)?.[1], body }));
}

test("Dockerfile: Java lives only in the signal-cli stage, never in the clawfleet image (the last stage)", () => {
  const all = stages();
  const signal = all.find((s) => s.name === "signal-cli");
  assert.ok(signal, "a signal-cli stage");
  assert.match(signal.body, /^FROM eclipse-temurin:2[5-9]-jre/m, "signal-cli 0.14 needs Java 25");
  const last = all.at(-1)!;
  assert.notEqual(last.name, "signal-cli", "the default target stays the clawfleet image");
  assert.doesNotMatch(last.body, /temurin|java|signal-cli --config/i);
  assert.doesNotMatch(last.body, /--from=signal-cli/);
});

test("fly.signal.toml: a separate app building the signal-cli stage, one private daemon on a volume", () => {
  assert.equal(fly.build?.["build-target"], "signal-cli");
  assert.deepEqual(Object.keys(fly.processes), ["signal"]);
  const argv = splitCommand(fly.processes.signal!);
  assert.equal(argv[0], "signal-cli");
  const arg = (flag: string) => argv[argv.indexOf(flag) + 1];
  assert.equal(arg("--http"), "[::]:8080", "IPv6 any: Fly's private network is IPv6");
  assert.equal(arg("--receive-mode"), "on-connection", "messages wait while no holder listens");
  assert.ok(!argv.includes("-a"), "multi-account mode (startLink/finishLink need it)");
  const mounts = Array.isArray(fly.mounts) ? fly.mounts : [fly.mounts!];
  assert.equal(mounts.length, 1);
  assert.ok(arg("--config")?.startsWith(`${mounts[0]!.destination}/`), "data dir on the volume");
  assert.deepEqual(mounts[0]!.processes, ["signal"]);
  assert.equal(fly.http_service, undefined, "no public service: the daemon has no authentication");
  assert.equal(fly.services, undefined);
  const check = fly.checks?.signal;
  assert.deepEqual([check?.port, check?.path], [8080, "/api/v1/check"]);
  assert.equal(fly.restart?.[0]?.policy, "always");
  const heap = /-Xmx(\d+)m/.exec(dockerfile)?.[1];
  const vm = fly.vm?.find((v) => v.processes?.includes("signal"));
  assert.ok(heap && vm && memoryMb(vm.memory) >= Number(heap) * 1.5, "room beyond the heap");
  const cmd = /^CMD (\[.*\])$/m.exec(stages().find((s) => s.name === "signal-cli")!.body)?.[1];
  assert.deepEqual(JSON.parse(cmd ?? "[]"), argv, "the image's CMD (compose) runs the same daemon");
});

test("docker-compose: signal-cli behind the `signal` profile, single container, channels pointed at it", () => {
  const compose = readCompose();
  const signal = compose.services["signal-cli"] as (typeof compose.services)[string] & {
    build?: { target?: string };
    profiles?: string[];
  };
  assert.ok(signal);
  assert.equal(signal.build?.target, "signal-cli");
  assert.deepEqual(signal.profiles, ["signal"], "nobody runs Java without asking for Signal");
  assert.ok(signal.volumes?.some((v) => v.endsWith(":/data")));
  assert.match(signal.healthcheck?.test.join(" ") ?? "", /127\.0\.0\.1:8080\/api\/v1\/check/);
  assert.equal(compose.services.channels?.environment?.SIGNAL_CLI_URL, "http://signal-cli:8080");
  assert.ok("signal-data" in (compose.volumes ?? {}));
});
