import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "./free-port.js";

/** A NATS server for one test suite: private, on a random port, with its own JetStream store. */
export interface NatsTestServer {
  /** Client URL, e.g. `nats://127.0.0.1:41234`. */
  readonly url: string;
  /** Whether this server can be stopped, killed and restarted (false for an external `NATS_URL`). */
  readonly controllable: boolean;
  /** Process id of a local server while it runs (for memory measurements). */
  readonly pid?: number;
  /** HTTP monitoring base URL (`/healthz`, `/varz`), when started with `monitor: true`. */
  readonly monitorUrl?: string;
  /** Stops the server gracefully (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL), like a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same store, after `stop()` or `kill()`. */
  restart(): Promise<void>;
  /** Stops it and deletes its store. */
  dispose(): Promise<void>;
}

/** Why no NATS server could be provided, with what to install. */
export class NatsUnavailableError extends Error {
  override readonly name = "NatsUnavailableError";
}

const INSTALL_HINT =
  "no nats-server for tests: install it (`apt-get install -y nats-server`, or the binary from https://github.com/nats-io/nats-server/releases), " +
  "set NATS_URL to a running server with JetStream, or run Docker so testcontainers can start one";

/**
 * Provides a NATS server with JetStream for a test suite: `NATS_URL` when set, else a private
 * `nats-server -js` from PATH (or `NATS_SERVER_BIN`) on a random port, else testcontainers' NATS
 * module when Docker answers. When none is available it throws, in CI and locally alike.
 */
export async function startNatsServer(
  env: Record<string, string | undefined> = process.env,
  options: { monitor?: boolean; port?: number } = {},
): Promise<NatsTestServer> {
  if (env.NATS_URL) return externalServer(env.NATS_URL);
  const binary = env.NATS_SERVER_BIN ?? findNatsServerBinary(env.PATH ?? "");
  if (binary)
    return LocalNatsServer.start(
      binary,
      options.monitor ? await freePort() : undefined,
      options.port,
    );
  if (dockerAnswers()) return containerServer();
  throw new NatsUnavailableError(INSTALL_HINT);
}

/** The `nats-server` executable on `searchPath` (a PATH value), if any. */
export function findNatsServerBinary(searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "nats-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function dockerAnswers(): boolean {
  return spawnSync("docker", ["info"], { stdio: "ignore", timeout: 5000 }).status === 0;
}

function externalServer(url: string): NatsTestServer {
  const refuse = async () => {
    throw new NatsUnavailableError(
      `NATS_URL=${url} is external: this test needs a server it can stop and restart (unset NATS_URL)`,
    );
  };
  return {
    url,
    controllable: false,
    stop: refuse,
    kill: refuse,
    restart: refuse,
    dispose: async () => {},
  };
}

async function containerServer(): Promise<NatsTestServer> {
  const { NatsContainer } = await import("@testcontainers/nats");
  const container = await new NatsContainer("nats:2.12-alpine").withJetStream().start();
  const url = `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
  const refuse = async () => {
    throw new NatsUnavailableError(
      "fault injection is only supported with a local nats-server binary",
    );
  };
  return {
    url,
    controllable: false,
    stop: refuse,
    kill: refuse,
    restart: refuse,
    dispose: async () => void (await container.stop()),
  };
}

const READY_LINE = /Listening for client connections on [^\s]*:(\d+)/;
const START_TIMEOUT_MS = 10_000;

/** A `nats-server -js` child process bound to 127.0.0.1. */
class LocalNatsServer implements NatsTestServer {
  readonly controllable = true;
  #child: ChildProcess | undefined;
  #port = -1;

  private constructor(
    private readonly binary: string,
    private readonly storeDir: string,
    private readonly monitorPort?: number,
  ) {}

  /** Spawns a server on `port` (default: a random one) and resolves once it accepts clients. */
  static async start(binary: string, monitorPort?: number, port = -1): Promise<LocalNatsServer> {
    const server = new LocalNatsServer(
      binary,
      mkdtempSync(join(tmpdir(), "clawfleet-nats-")),
      monitorPort,
    );
    server.#port = port;
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.#port}`;
  }

  get monitorUrl(): string | undefined {
    return this.monitorPort === undefined ? undefined : `http://127.0.0.1:${this.monitorPort}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async restart(): Promise<void> {
    if (this.#child) throw new Error("nats-server is already running");
    const args = [
      "-js",
      "-a",
      "127.0.0.1",
      "-p",
      String(this.#port),
      "-sd",
      this.storeDir,
      ...(this.monitorPort === undefined ? [] : ["-m", String(this.monitorPort)]),
    ];
    const child = spawn(this.binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    this.#port = await waitForPort(child);
  }

  async stop(): Promise<void> {
    await this.#signal("SIGTERM");
  }

  async kill(): Promise<void> {
    await this.#signal("SIGKILL");
  }

  async dispose(): Promise<void> {
    await this.#signal("SIGKILL");
    rmSync(this.storeDir, { recursive: true, force: true });
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  }
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => fail(new Error(`nats-server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stderr?.removeAllListeners("data");
        child.stderr?.resume();
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) =>
      fail(new Error(`nats-server exited with ${code} before it was ready:\n${output}`)),
    );
  });
}
