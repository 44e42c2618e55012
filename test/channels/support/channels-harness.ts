import { randomUUID } from "node:crypto";
import { connectBus, provision, provisionPlan, type Bus } from "@clawfleet/bus";
import {
  LiveConfig,
  validateParsedConfig,
  type ClawEnv,
  type OpenClawConfigInput,
} from "@clawfleet/config";
import { createLogger, type RootLogger } from "@clawfleet/log";
import { MetricsRegistry, Readiness, type RunningService } from "@clawfleet/runtime";
import { createChannelsService, type ChannelsOptions } from "@clawfleet/channels";
import { errorMessage } from "@clawfleet/core";

/** A channels service running in the test process against a real nats-server. */
export interface ChannelsUnderTest {
  readonly bus: Bus;
  readonly live: LiveConfig;
  readonly instanceId: string;
  /** Every log line, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The process-wide logger the service writes through (its redactor included). */
  readonly rootLogger: RootLogger;
  /** Applies a new config the way a KV snapshot would (no restart). */
  setConfig(config: OpenClawConfigInput): void;
  /** Resolves with the first log line whose message matches (past or future). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Stops the service (SIGTERM path) and closes its connection. */
  stop(): Promise<void>;
}

function parse(config: OpenClawConfigInput) {
  const result = validateParsedConfig(config);
  if (!result.ok) throw new Error(`invalid test config: ${JSON.stringify(result.errors)}`);
  return result.config;
}

/** Starts the channels service in-process with `config`, `env` and `options`, after provisioning the catalogue. */
export async function startChannelsUnderTest(
  natsUrl: string,
  config: OpenClawConfigInput,
  env: ClawEnv = {},
  options: ChannelsOptions = {},
): Promise<ChannelsUnderTest> {
  const instanceId = `test-${randomUUID().slice(0, 8)}`;
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: Record<string, unknown>) => void }>();
  const rootLogger = createLogger(
    { service: "channels", instance: instanceId, level: "debug", format: "json" },
    {
      write: (line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        logs.push(record);
        if (process.env.CHANNELS_TEST_LOGS) process.stdout.write(`${line}\n`);
        for (const waiter of waiters)
          if (waiter.pattern.test(String(record.msg))) waiter.resolve(record);
      },
    },
  );
  const bus = await connectBus({ servers: natsUrl, name: instanceId, logger: rootLogger });
  await provision(bus, provisionPlan, rootLogger);
  const live = new LiveConfig(parse(config), randomUUID(), rootLogger);
  const controller = new AbortController();
  const service: RunningService = await createChannelsService(options).start({
    bus,
    config: live,
    env,
    logger: rootLogger.child({ service: "channels" }),
    rootLogger,
    instanceId,
    metrics: new MetricsRegistry(),
    readiness: new Readiness(),
    options: {},
    shutdownSignal: controller.signal,
  });
  let stopped = false;
  return {
    bus,
    live,
    instanceId,
    logs,
    rootLogger,
    setConfig(next) {
      const parsed = parse(next);
      live.apply({
        raw: JSON.stringify(next),
        hash: randomUUID(),
        document: parsed,
        file: "test",
        updatedAt: Date.now(),
        updatedBy: "test",
      });
    },
    waitForLog(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const found = logs.find((line) => pattern.test(String(line.msg)));
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `no log line matching ${pattern} within ${timeoutMs} ms; last lines:\n${logs
                .slice(-15)
                .map((l) => JSON.stringify(l))
                .join("\n")}`,
            ),
          );
        }, timeoutMs);
        const waiter = {
          pattern,
          resolve: (line: Record<string, unknown>) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(line);
          },
        };
        waiters.add(waiter);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      controller.abort();
      await service.stop();
      await bus.drain();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false) or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what} not met within ${timeoutMs} ms${lastError ? `: ${errorMessage(lastError)}` : ""}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
