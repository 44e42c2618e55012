import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runServices, type HostHandle } from "@clawfleet/runtime";
import { createGatewayService } from "../index.js";

/** A gateway running in this process against a test nats-server. */
export interface TestGateway {
  readonly handle: HostHandle;
  readonly port: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly stateDir: string;
  readonly configFile: string;
  /** Every log line so far (JSON). */
  readonly lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Options of {@link startTestGateway}. */
export interface TestGatewayOptions {
  natsUrl: string;
  /** Config text written before start (none: `--allow-unconfigured` writes a minimal one). */
  config?: string;
  token?: string;
  env?: Record<string, string>;
  flags?: Record<string, string | boolean>;
  stateDir?: string;
}

/** Starts the gateway service in-process with the real host (health port, provisioning, config), on a free port. */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "clawfleet-gw-"));
  const configFile = join(stateDir, "openclaw.json");
  if (options.config !== undefined) writeFileSync(configFile, options.config);
  const env: Record<string, string | undefined> = {
    NATS_URL: options.natsUrl,
    OPENCLAW_STATE_DIR: stateDir,
    HEALTH_PORT: "0",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    HOME: stateDir,
    ...(options.token === undefined ? {} : { OPENCLAW_GATEWAY_TOKEN: options.token }),
    ...options.env,
  };
  const lines: string[] = [];
  const handle = runServices({
    processName: "gateway",
    services: [
      {
        definition: createGatewayService(env),
        options: { port: "0", "allow-unconfigured": true, ...options.flags },
      },
    ],
    env,
    version: "0.0.0-test",
    isTerminal: false,
  });
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  handle.logger.addSink((_record, line) => {
    lines.push(line);
    for (const waiter of waiters) {
      if (!waiter.pattern.test(line)) continue;
      waiters.delete(waiter);
      waiter.resolve(line);
    }
  });
  const waitForLine = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find((line) => pattern.test(line));
      if (found) return resolve(found);
      const waiter = {
        pattern,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(
        () => (
          waiters.delete(waiter),
          reject(new Error(`no log line matching ${pattern}; got:\n${lines.slice(-30).join("\n")}`))
        ),
        timeoutMs,
      );
      waiters.add(waiter);
      void handle.exited.then(() =>
        setTimeout(() => {
          if (!waiters.has(waiter)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(new Error(`gateway exited; log:\n${lines.slice(-30).join("\n")}`));
        }, 20),
      );
    });
  const listening = await waitForLine(/listening on ws:\/\//);
  const port = Number(/:(\d+) \(PID/.exec(listening)![1]);
  return {
    handle,
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    stateDir,
    configFile,
    lines,
    waitForLine,
    async stop() {
      await handle.shutdown("test done");
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
