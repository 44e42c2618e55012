import { spawn, type ChildProcess, type StdioNull, type StdioPipe } from "node:child_process";

/**
 * How a helper process ends with this one however it ends (Ctrl-C, SIGTERM, the terminal closing,
 * kill -9): `sh` keeps a watcher on its stdin, a pipe whose only writer is this process, then execs
 * the command (same pid, so signals and exit events are the command's own). When the write end
 * closes — this process closing it, or the kernel closing it because this process died by any
 * means — `cat` sees end of file and the watcher sends the command SIGTERM. A pipe is the one thing
 * the kernel closes on every kind of death, and `sh`/`cat` exist everywhere (PR_SET_PDEATHSIG
 * would be Linux-only, a node watchdog would cost ~40 MB).
 */
const WATCHED_EXEC =
  'exec 3<&0; (cat <&3 >/dev/null 2>&1; kill -TERM "$$" 2>/dev/null) & exec "$@" </dev/null 3<&-';

/** Options of {@link spawnTied}: where the command's output goes, and whether it gets its own session. */
export interface TiedSpawnOptions {
  stdout?: StdioPipe | StdioNull;
  stderr?: StdioPipe | StdioNull;
  /**
   * Its own session, so the terminal's SIGHUP and SIGINT reach this process only, which then stops
   * the command in order (for commands that take SIGHUP as "reload").
   */
  detached?: boolean;
}

/**
 * Starts `command args…` so that it receives SIGTERM when this process ends, however it ends. The
 * command's stdin is /dev/null. Closing the returned child's stdin also stops it.
 */
export function spawnTied(
  command: string,
  args: readonly string[],
  options: TiedSpawnOptions = {},
): ChildProcess {
  const child = spawn("/bin/sh", ["-c", WATCHED_EXEC, command, command, ...args], {
    stdio: ["pipe", options.stdout ?? "ignore", options.stderr ?? "pipe"],
    detached: options.detached ?? false,
  });
  // The watcher ends as soon as the command does, so it never signals a reused pid.
  child.once("exit", () => child.stdin?.destroy());
  child.stdin?.on("error", () => {});
  return child;
}
