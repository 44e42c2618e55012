import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFreshBundle } from "./fresh-bundle.js";

/** The repository root. */
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** The built CLI: the esbuild bundle, re-made by {@link launchCli} when a source file is newer. */
export const CLI_PATH = join(ROOT, "dist/index.js");

/** A CLI process started by a test, with its output captured line by line. */
export interface LaunchedCli {
  readonly child: ChildProcess;
  /** Every stdout and stderr line so far. */
  readonly lines: string[];
  /** Resolves with the first line (past or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The health port the process bound (from its start-up log line). */
  healthPort(timeoutMs?: number): Promise<number>;
  /** Polls `/readyz` until it answers 200. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal) once the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node dist/index.js <args>` like an operator would, with JSON logs and `HEALTH_PORT=0`
 * unless the caller's env says otherwise. Output is kept for assertions and shown on failure.
 */
export function launchCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: {
    nodeArgs?: string[];
    /** A TypeScript entry to run (through tsx, from source) instead of the CLI bundle, e.g. a test host. */
    entry?: string;
    /** A built JavaScript entry to run with plain node instead of the CLI bundle (a bench's bundled host). */
    script?: string;
    /**
     * Runs the CLI inside a pseudo-terminal (util-linux `script`), as typed in a terminal window:
     * `child` is then the `script` process, and killing it is the terminal window closing.
     */
    terminal?: boolean;
  } = {},
): LaunchedCli {
  const program = options.entry
    ? ["--conditions=@clawfleet/source", "--import", "tsx", options.entry]
    : [options.script ?? CLI_PATH];
  if (!options.entry && !options.script) ensureFreshBundle(ROOT, CLI_PATH);
  // A variable given as undefined is removed (e.g. HEALTH_PORT: undefined keeps the service's default port).
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_FORMAT: "json",
    HEALTH_PORT: "0",
    ...env,
  };
  const childEnv = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const command = [process.execPath, ...(options.nodeArgs ?? []), ...program, ...args];
  const [file, argv] = options.terminal
    ? ["script", ["-qfec", command.map(shellQuote).join(" "), "/dev/null"]]
    : [process.execPath, command.slice(1)];
  const child = spawn(file, argv, {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const onLine = (line: string) => {
    lines.push(line);
    for (const waiter of waiters) if (waiter.pattern.test(line)) waiter.resolve(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        onLine(buffer.slice(0, newline).replace(/\r$/, ""));
        buffer = buffer.slice(newline + 1);
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const waitForLine = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find((line) => pattern.test(line));
      if (found) return resolve(found);
      const waiter = {
        pattern,
        resolve: (line: string) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.slice(-40).join("\n")}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
      void exited.then(() =>
        setTimeout(() => {
          if (waiters.has(waiter)) {
            clearTimeout(timer);
            waiters.delete(waiter);
            reject(
              new Error(
                `process exited before a line matched ${pattern}; output:\n${lines.slice(-40).join("\n")}`,
              ),
            );
          }
        }, 50),
      );
    });

  const healthPort = async (timeoutMs?: number) =>
    Number(/health on :(\d+)/.exec(await waitForLine(/health on :\d+/, timeoutMs))![1]);

  return {
    child,
    lines,
    waitForLine,
    healthPort,
    async waitReady(timeoutMs = 15_000) {
      const port = await healthPort(timeoutMs);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        if (Date.now() > deadline)
          throw new Error(
            `not ready within ${timeoutMs} ms; output:\n${lines.slice(-40).join("\n")}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}
