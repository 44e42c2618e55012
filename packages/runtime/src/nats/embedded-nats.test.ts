import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { test } from "node:test";
import { createLogger, silentLogger } from "@clawfleet/log";
import { connectBus } from "@clawfleet/bus";
import { embeddedNatsConfig, embeddedNatsUrlFile, ensureNatsServer } from "./embedded-nats.js";
import { NATS_INSTALL_HINT } from "./install-nats-server.js";

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => probe.once("listening", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

test("with nothing answering at the local NATS_URL, all-in-one starts nats-server there with its store in the state dir", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
  const url = `nats://127.0.0.1:${await freePort()}`;
  const nats = await ensureNatsServer({
    env: { NATS_URL: url, PATH: process.env.PATH },
    stateDir,
    logger: silentLogger,
  });
  try {
    assert.equal(nats.url, url);
    const probe = await connectBus({
      servers: url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    assert.equal(probe.serverInfo().jetstream, true);
    await probe.close();
    assert.ok(existsSync(join(stateDir, "nats", "jetstream")));
    const again = await ensureNatsServer({
      env: { NATS_URL: url, PATH: process.env.PATH },
      stateDir,
      logger: silentLogger,
    });
    await again.stop(); // the second call found the running server and owns nothing
    const probe2 = await connectBus({
      servers: url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    await probe2.close();
  } finally {
    await nats.stop();
  }
});

test("without a server and without nats-server on PATH it says exactly what to install", async () => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  await assert.rejects(
    ensureNatsServer({
      env: { NATS_URL: url, PATH: "/nonexistent" },
      stateDir: tmpdir(),
      logger: silentLogger,
    }),
    (error: Error) => {
      assert.equal(error.message, NATS_INSTALL_HINT);
      assert.match(error.message, /apt-get install nats-server/);
      return true;
    },
  );
});

test("a remote NATS_URL is used as given, never started", async () => {
  const nats = await ensureNatsServer({
    env: { NATS_URL: "nats://nats.process.app.internal:4222", PATH: "/nonexistent" },
    stateDir: tmpdir(),
    logger: silentLogger,
  });
  assert.equal(nats.url, "nats://nats.process.app.internal:4222");
});

function capturingLogger(lines: string[]) {
  return createLogger(
    { service: "all", instance: "test", level: "info", format: "json" },
    { write: (line) => lines.push(line) },
  );
}

/** The path of the nats-server on PATH, which stand-ins hand the real work to. */
function realNatsServer(): string {
  return spawnSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" }).stdout.trim();
}

/** Writes an executable `nats-server` shell script with `lines` into `dir`. */
function writeNatsStandIn(dir: string, lines: string[]): void {
  writeFileSync(join(dir, "nats-server"), ["#!/bin/sh", ...lines, ""].join("\n"));
  chmodSync(join(dir, "nats-server"), 0o755);
}

/** A fresh directory holding only a `nats-server` stand-in made of `lines`. */
function natsStandIn(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-nats-bin-"));
  writeNatsStandIn(dir, lines);
  return dir;
}

test("the embedded nats-server runs from a config file under the state dir; a 2.9 server without sync_interval is warned about once", async () => {
  // A stand-in that refuses the key on `-t` as 2.9 does (whatever the local version) and runs the
  // real server with the config it is given.
  const bin = natsStandIn([
    '[ "$1" = "-t" ] && grep -q sync_interval "$3" && echo \'unknown field "sync_interval"\' >&2 && exit 1',
    '[ "$1" = "-t" ] && exit 0',
    `exec ${realNatsServer()} -c "$2"`,
  ]);
  const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
  const url = `nats://127.0.0.1:${await freePort()}`;
  const lines: string[] = [];
  const nats = await ensureNatsServer({
    env: { NATS_URL: url, PATH: bin },
    stateDir,
    logger: capturingLogger(lines),
  });
  try {
    const conf = readFileSync(join(stateDir, "nats", "nats-server.conf"), "utf8");
    assert.doesNotMatch(conf, /sync_interval/);
    assert.match(conf, new RegExp(`store_dir: "${join(stateDir, "nats")}"`));
    const warnings = lines.filter((line) => /sync_interval: always/.test(line));
    assert.equal(warnings.length, 1, lines.join("\n"));
    assert.match(warnings[0]!, /"level":"warn"/);
  } finally {
    await nats.stop();
  }
});

test("a nats-server that accepts sync_interval gets it: the embedded server fsyncs every write", async () => {
  // A stand-in binary that accepts the key on `-t` (as 2.10+ does) and runs the real server
  // without it (2.9 would refuse it), recording the config it was given.
  const bin = mkdtempSync(join(tmpdir(), "fake-nats-bin-"));
  const seen = join(bin, "seen.conf");
  writeNatsStandIn(bin, [
    '[ "$1" = "-t" ] && exit 0',
    `cp "$2" ${seen}`,
    `grep -v sync_interval "$2" > ${join(bin, "run.conf")}`,
    `exec ${realNatsServer()} -c ${join(bin, "run.conf")}`,
  ]);
  const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
  const url = `nats://127.0.0.1:${await freePort()}`;
  const lines: string[] = [];
  const nats = await ensureNatsServer({
    env: { NATS_URL: url, PATH: bin },
    stateDir,
    logger: capturingLogger(lines),
  });
  try {
    assert.match(readFileSync(seen, "utf8"), /^\s+sync_interval: always$/m);
    assert.equal(lines.filter((line) => /"level":"warn"/.test(line)).length, 0, lines.join("\n"));
    const probe = await connectBus({
      servers: url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    assert.equal(probe.serverInfo().jetstream, true);
    await probe.close();
  } finally {
    await nats.stop();
  }
});

test("embeddedNatsConfig: loopback listener (IPv6 bracketed), store dir quoted, sync only when asked", () => {
  const conf = embeddedNatsConfig("/data/nats", { host: "::1", port: 4222 }, true);
  assert.match(conf, /^listen: "\[::1\]:4222"$/m);
  assert.match(conf, /^ {2}store_dir: "\/data\/nats"$/m);
  assert.match(conf, /^ {2}sync_interval: always$/m);
  assert.doesNotMatch(embeddedNatsConfig("/d", { host: "127.0.0.1", port: 1 }, false), /sync/);
});
// A real parent process that starts the embedded server, prints its pid, then idles until killed.
function startParent(
  url: string,
  stateDir: string,
): Promise<{ parent: ChildProcess; pid: number }> {
  const moduleUrl = new URL("./embedded-nats.ts", import.meta.url).href;
  const script = `
    import { ensureNatsServer } from ${JSON.stringify(moduleUrl)};
    const silent = { child: () => silent, debug() {}, info() {}, warn() {}, error() {} };
    const nats = await ensureNatsServer({ env: { NATS_URL: ${JSON.stringify(url)}, PATH: process.env.PATH }, stateDir: ${JSON.stringify(stateDir)}, logger: silent });
    console.log("nats-pid " + nats.pid);
    setInterval(() => {}, 60_000);
  `;
  const parent = spawn(
    process.execPath,
    ["--conditions=@clawfleet/source", "--import", "tsx", "--input-type=module", "-e", script],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    parent.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /nats-pid (\S+)/.exec(out);
      if (!match) return;
      const pid = Number(match[1]);
      if (Number.isInteger(pid)) resolve({ parent, pid });
      else reject(new Error(`no pid of the started nats-server: ${out}`));
    });
    parent.once("exit", (code) => reject(new Error(`parent exited with ${code}: ${out}`)));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, deadlineMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

for (const signal of ["SIGKILL", "SIGHUP", "SIGTERM"] as const) {
  test(`the started nats-server ends when its parent dies of ${signal}`, async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
    const { parent, pid } = await startParent(`nats://127.0.0.1:${await freePort()}`, stateDir);
    try {
      assert.ok(isRunning(pid), "nats-server runs while its parent does");
      parent.kill(signal);
      assert.ok(
        await waitGone(pid),
        `nats-server ${pid} still running after its parent got ${signal}`,
      );
    } finally {
      parent.kill("SIGKILL");
      if (isRunning(pid)) process.kill(pid, "SIGKILL");
    }
  });
}

test("without NATS_URL, all-in-one starts its own nats-server on a free port (never 4222) and records its URL under the state dir", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
  const nats = await ensureNatsServer({
    env: { PATH: process.env.PATH },
    stateDir,
    logger: silentLogger,
  });
  try {
    assert.match(nats.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(nats.url).port, "4222");
    assert.equal(readFileSync(embeddedNatsUrlFile(stateDir), "utf8").trim(), nats.url);
    const probe = await connectBus({
      servers: nats.url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    assert.equal(probe.serverInfo().jetstream, true);
    await probe.close();
  } finally {
    await nats.stop();
  }
  assert.equal(
    existsSync(embeddedNatsUrlFile(stateDir)),
    false,
    "the URL file goes with the server",
  );
});

test("with nats-server missing from PATH it fetches Debian's package into the cache dir once, says so, and starts it", async () => {
  const apt = spawnSync("sh", ["-c", "command -v apt-get && command -v dpkg-deb"], {
    encoding: "utf8",
  });
  assert.equal(apt.status, 0, "this test needs a Debian machine (apt-get, dpkg-deb), as CI's is");
  const cacheDir = mkdtempSync(join(tmpdir(), "cache-"));
  const stateDir = mkdtempSync(join(tmpdir(), "embedded-"));
  const env = { PATH: "/usr/bin:/bin", CLAWFLEET_CACHE_DIR: cacheDir };
  assert.notEqual(spawnSync("sh", ["-c", "command -v nats-server"], { env }).status, 0);
  const lines: string[] = [];
  const nats = await ensureNatsServer({ env, stateDir, logger: capturingLogger(lines) });
  try {
    assert.ok(existsSync(join(cacheDir, "nats-server", "nats-server")));
    assert.match(
      lines.join("\n"),
      /nats-server is not on PATH: fetching Debian's nats-server package/,
    );
    const probe = await connectBus({
      servers: nats.url,
      name: "probe",
      logger: silentLogger,
      retryUntilConnected: false,
    });
    await probe.close();
  } finally {
    await nats.stop();
  }
  const again: string[] = [];
  const second = await ensureNatsServer({ env, stateDir, logger: capturingLogger(again) });
  await second.stop();
  assert.doesNotMatch(again.join("\n"), /fetching/, "the second start uses the cached binary");
});
