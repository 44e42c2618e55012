import { spawnSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import type { Logger } from "@clawfleet/log";
import { StartupError } from "../errors.js";

/** What to do when nats-server is missing and cannot be fetched here, per platform. */
export const NATS_INSTALL_HINT =
  "nats-server is not installed and could not be fetched (no apt-get here). Install it — Debian/Ubuntu: `sudo apt-get install nats-server`; " +
  "macOS: `brew install nats-server`; otherwise the binary from https://github.com/nats-io/nats-server/releases — " +
  "or point NATS_URL at a server with JetStream enabled.";

/** The cache dir for fetched tools: `CLAWFLEET_CACHE_DIR`, else `$XDG_CACHE_HOME/clawfleet`, else `~/.cache/clawfleet`. */
export function clawfleetCacheDir(env: Record<string, string | undefined>): string {
  if (env.CLAWFLEET_CACHE_DIR) return env.CLAWFLEET_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "clawfleet");
}

/**
 * The nats-server binary to run: the one on PATH, else the one fetched earlier into the cache dir,
 * else Debian's `nats-server` package fetched now with `apt-get download` (no root needed) and
 * unpacked into the cache dir. Throws {@link NATS_INSTALL_HINT} when none of that works.
 */
export function findOrInstallNatsServer(
  env: Record<string, string | undefined>,
  logger: Logger,
): string {
  const onPath = findOnPath("nats-server", env.PATH ?? "");
  if (onPath) return onPath;
  const dir = join(clawfleetCacheDir(env), "nats-server");
  const cached = join(dir, "nats-server");
  if (isExecutable(cached)) return cached;
  const aptGet = findOnPath("apt-get", env.PATH ?? "");
  const dpkgDeb = findOnPath("dpkg-deb", env.PATH ?? "");
  if (!aptGet || !dpkgDeb) throw new StartupError(NATS_INSTALL_HINT);
  logger.info(
    `nats-server is not on PATH: fetching Debian's nats-server package into ${dir} (apt-get download, no root needed; once)`,
  );
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, "fetch-"));
  try {
    run(aptGet, ["download", "-q", "nats-server"], work, env);
    const deb = readdirSync(work).find((f) => f.endsWith(".deb"));
    if (!deb) throw new StartupError(`apt-get download nats-server left no .deb in ${work}`);
    run(dpkgDeb, ["-x", deb, "root"], work, env);
    const binary = ["usr/sbin", "usr/bin"]
      .map((d) => join(work, "root", d, "nats-server"))
      .find(isExecutable);
    if (!binary) throw new StartupError(`the nats-server package ${deb} has no nats-server binary`);
    copyFileSync(binary, join(work, "nats-server"));
    chmodSync(join(work, "nats-server"), 0o755);
    renameSync(join(work, "nats-server"), cached); // atomic: a half-copied binary is never run
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  logger.info(`installed nats-server at ${cached}`);
  return cached;
}

function run(
  binary: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): void {
  const result = spawnSync(binary, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0)
    throw new StartupError(
      `${NATS_INSTALL_HINT}\n(\`${args.join(" ")}\` failed: ${(result.stderr || result.error?.message || "").trim()})`,
    );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the PATH-style list `searchPath`. */
export function findOnPath(name: string, searchPath: string): string | undefined {
  return searchPath
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);
}
