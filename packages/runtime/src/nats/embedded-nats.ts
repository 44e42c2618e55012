import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { join } from "node:path";
import type { Logger } from "@clawfleet/log";
import { StartupError } from "../errors.js";
import { findOrInstallNatsServer } from "./install-nats-server.js";
import { spawnTied } from "../process/spawn-tied.js";

/** A NATS server for the all-in-one mode: an existing one, or one this process started. */
export interface EmbeddedNats {
  url: string;
  /** The nats-server's process id when this process started it. */
  pid?: number;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

const LOCAL_PORT = 4222;
/** nats-server's "pick a free port" value. */
const RANDOM_PORT = -1;

// The started nats-server ends with this process however it ends (see spawnTied). It runs in its
// own session (`detached`), so the terminal's SIGHUP and SIGINT reach this process only, which then
// shuts down in order (nats-server takes SIGHUP as "reload" and would otherwise outlive a closed terminal).

/** The file under the state dir where a running `clawfleet all` writes its embedded server's URL (CLI commands read it). */
export function embeddedNatsUrlFile(stateDir: string): string {
  return join(stateDir, "nats", "url");
}

/**
 * For `clawfleet all`. Without `NATS_URL`: starts the product's own nats-server (from PATH, or
 * fetched once into the cache dir, see {@link findOrInstallNatsServer}) on a free loopback port with
 * its store under the state dir, and writes its URL to {@link embeddedNatsUrlFile} — it never joins
 * whatever answers on 127.0.0.1:4222. With `NATS_URL` (an external NATS, chosen explicitly): uses it;
 * when it names a loopback port nobody answers on, starts the server there.
 */
export async function ensureNatsServer(options: {
  env: Record<string, string | undefined>;
  stateDir: string;
  logger: Logger;
}): Promise<EmbeddedNats> {
  const log = options.logger.child({ subsystem: "nats" });
  const explicit = options.env.NATS_URL;
  const target = explicit ? localTarget(explicit) : { host: "127.0.0.1", port: RANDOM_PORT };
  if (explicit && (!target || (await answers(target.host, target.port)))) {
    log.info(`using the NATS server at NATS_URL (${redactUrl(explicit)})`);
    return { url: explicit, stop: async () => {} };
  }
  if (!target) throw new StartupError(`NATS_URL is not a usable URL`);
  const binary = findOrInstallNatsServer(options.env, log);
  const storeDir = join(options.stateDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const { file, syncAlways } = writeEmbeddedConfig(binary, storeDir, target);
  if (!syncAlways)
    log.warn(
      "this nats-server does not accept `sync_interval: always` (2.10 or newer does): it fsyncs every 2 min, so a crash can lose acknowledged messages; install a newer nats-server",
    );
  const child = spawnTied(binary, ["-c", file], { detached: true });
  const port = await waitUntilListening(child);
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  const url = explicit ?? `nats://${host}:${port}`;
  const urlFile = embeddedNatsUrlFile(options.stateDir);
  if (!explicit) writeFileSync(urlFile, `${url}\n`);
  log.info(
    `started nats-server (pid ${child.pid}) on ${host}:${port} (JetStream store ${storeDir}${syncAlways ? ", fsync on every write" : ""})`,
  );
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!explicit) rmSync(urlFile, { force: true });
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

/** Resolves with the client port nats-server reports listening on. */
function waitUntilListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new StartupError(`nats-server did not start within 10 s:\n${output}`)),
      10_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening for client connections on \S+:(\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        child.stderr?.removeAllListeners("data");
        child.stderr?.resume();
        resolve(Number(listening[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new StartupError(`nats-server exited with ${code}:\n${output}`));
    });
  });
}

/** The URL without user:password, for a log line. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/g, "//");
}
