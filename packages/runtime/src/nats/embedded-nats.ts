import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdirSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { delimiter, join } from "node:path";
import type { Logger } from "@clawfleet/log";
import { StartupError } from "../errors.js";

/** A NATS server for the all-in-one mode: an existing one, or one this process started. */
export interface EmbeddedNats {
  url: string;
  /** The nats-server's process id when this process started it. */
  pid?: number;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

const LOCAL_PORT = 4222;

/**
 * How the started nats-server ends with this process however it ends (Ctrl-C, SIGTERM, the
 * terminal closing, kill -9): `sh` keeps a watcher on its stdin, a pipe whose only writer is this
 * process, then execs nats-server (same pid, so signals and exit events are nats-server's own).
 * When the write end closes — stop() closing it, or the kernel closing it because this process
 * died by any means — `cat` sees end of file and the watcher sends nats-server SIGTERM. A pipe is
 * the one thing the kernel closes on every kind of death, and `sh`/`cat` exist wherever
 * nats-server runs (PR_SET_PDEATHSIG would be Linux-only, a node watchdog would cost ~40 MB).
 * The server is started in its own session (`detached`), so the terminal's SIGHUP and SIGINT
 * reach this process only, which then shuts down in order (nats-server takes SIGHUP as "reload"
 * and would otherwise outlive a closed terminal).
 */
const WATCHED_EXEC =
  'exec 3<&0; (cat <&3 >/dev/null 2>&1; kill -TERM "$$" 2>/dev/null) & exec "$@" </dev/null 3<&-';

/** What to do when there is no NATS server at all, per platform. */
export const NATS_INSTALL_HINT =
  "no NATS server is running and nats-server is not installed. Install it — Debian/Ubuntu: `sudo apt-get install nats-server`; " +
  "macOS: `brew install nats-server`; otherwise the binary from https://github.com/nats-io/nats-server/releases — " +
  "or point NATS_URL at a server with JetStream enabled.";

/**
 * For `clawfleet all`: uses the server at `NATS_URL` (default `nats://127.0.0.1:4222`) when one
 * answers; when none does and the URL is local, starts nats-server from PATH on that port from a
 * generated config file (see {@link embeddedNatsConfig}) with its store under the state dir; says
 * exactly what to install when there is no nats-server.
 */
export async function ensureNatsServer(options: {
  env: Record<string, string | undefined>;
  stateDir: string;
  logger: Logger;
}): Promise<EmbeddedNats> {
  const log = options.logger.child({ subsystem: "nats" });
  const url = options.env.NATS_URL ?? `nats://127.0.0.1:${LOCAL_PORT}`;
  const target = localTarget(url);
  if (!target || (await answers(target.host, target.port))) {
    if (target) log.info(`using the NATS server already running on ${target.host}:${target.port}`);
    return { url, stop: async () => {} };
  }
  const binary = findOnPath("nats-server", options.env.PATH ?? "");
  if (!binary) throw new StartupError(NATS_INSTALL_HINT);
  const storeDir = join(options.stateDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const { file, syncAlways } = writeEmbeddedConfig(binary, storeDir, target);
  if (!syncAlways)
    log.warn(
      "this nats-server does not accept `sync_interval: always` (2.10 or newer does): it fsyncs every 2 min, so a crash can lose acknowledged messages; install a newer nats-server",
    );
  const child = spawn("/bin/sh", ["-c", WATCHED_EXEC, binary, binary, "-c", file], {
    stdio: ["pipe", "ignore", "pipe"],
    detached: true,
  });
  // The watcher ends as soon as the server does, so it never signals a reused pid.
  child.once("exit", () => child.stdin?.destroy());
  child.stdin?.on("error", () => {});
  await waitUntilListening(child);
  log.info(
    `started nats-server (pid ${child.pid}) on ${target.host}:${target.port} (JetStream store ${storeDir}${syncAlways ? ", fsync on every write" : ""})`,
  );
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin?.end();
      }),
  };
}

/**
 * The config file of the embedded nats-server: loopback listener, JetStream on `storeDir`, and the
 * nats group's durability (`sync_interval: always`, fsync on every write) when `syncAlways`.
 */
export function embeddedNatsConfig(
  storeDir: string,
  target: { host: string; port: number },
  syncAlways: boolean,
): string {
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  return [
    "# Written by `clawfleet all` at every start; edits are overwritten.",
    `listen: "${host}:${target.port}"`,
    "jetstream {",
    `  store_dir: ${JSON.stringify(storeDir)}`,
    ...(syncAlways ? ["  sync_interval: always"] : []),
    "}",
    "",
  ].join("\n");
}

/**
 * Writes the config to `<storeDir>/nats-server.conf`, with `sync_interval: always` when the local
 * nats-server accepts it (`nats-server -t -c`; 2.9 answers `unknown field "sync_interval"`), else without.
 */
function writeEmbeddedConfig(
  binary: string,
  storeDir: string,
  target: { host: string; port: number },
): { file: string; syncAlways: boolean } {
  const file = join(storeDir, "nats-server.conf");
  writeFileSync(file, embeddedNatsConfig(storeDir, target, true));
  const check = spawnSync(binary, ["-t", "-c", file], { encoding: "utf8", timeout: 10_000 });
  if (check.status === 0 || !/sync_interval/.test(`${check.stderr}`))
    return { file, syncAlways: true }; // any other complaint surfaces when the server starts
  writeFileSync(file, embeddedNatsConfig(storeDir, target, false));
  return { file, syncAlways: false };
}

/** Host and port of a single loopback NATS URL (one `all` can start a server for), else undefined. */
function localTarget(url: string): { host: string; port: number } | undefined {
  if (url.includes(",")) return undefined;
  try {
    const parsed = new URL(url.includes("://") ? url : `nats://${url}`);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname) || parsed.username)
      return undefined;
    return {
      host: parsed.hostname === "localhost" ? "127.0.0.1" : parsed.hostname.replace(/^\[|\]$/g, ""),
      port: Number(parsed.port || LOCAL_PORT),
    };
  } catch {
    return undefined;
  }
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function findOnPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function waitUntilListening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new StartupError(`nats-server did not start within 10 s:\n${output}`)),
      10_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening for client connections/.test(output)) {
        clearTimeout(timer);
        child.stderr?.removeAllListeners("data");
        child.stderr?.resume();
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new StartupError(`nats-server exited with ${code}:\n${output}`));
    });
  });
}
