import { getHeapStatistics } from "node:v8";
import type { Server } from "node:http";
import { connectBus, natsAuthFromEnv, registerServiceInstance, type Bus } from "@clawfleet/bus";
import { natsServersFor, readClawEnv, type ClawEnv } from "@clawfleet/config";
import { streamOutput, type RootLogger } from "@clawfleet/log";
import { StartupError } from "../errors.js";
import { healthHost, startHealthServer } from "../health/health-server.js";
import { Readiness } from "../health/readiness.js";
import { instanceIdFor } from "../instance-id.js";
import { loadInitialConfig } from "../config/load-initial-config.js";
import { shipLogsToBus } from "../logging/bus-log-sink.js";
import { createProcessLogger } from "../logging/process-logger.js";
import { MetricsRegistry } from "../metrics/metrics-registry.js";
import {
  DefaultHealthPorts,
  type RunningService,
  type ServiceDefinition,
  type ServiceName,
} from "../service.js";
import { registerProcessMetrics } from "./process-metrics.js";
import { provisionUntilDone, type ProvisionTarget } from "./provision-until-done.js";
import { watchStreamLeaders } from "./stream-leaders.js";
import { watchConnection, watchHeap } from "./watchdogs.js";

/** One service to run, with its subcommand's options. */
export interface HostedService {
  definition: ServiceDefinition;
  options: Record<string, string | boolean | undefined>;
}

/** Required options of {@link runServices}. */
export interface HostOptions {
  /** `gateway`, `channels`, `agents`, `voice`, or `all`. */
  processName: ServiceName | "all";
  services: HostedService[];
  env: Record<string, string | undefined>;
  version: string;
  isTerminal: boolean;
  /** NATS URL when `NATS_URL` is unset (the `all` command may have started one). */
  defaultNatsUrl?: string;
  /** Called before anything connects, e.g. the gateway refusing an unsafe bind without a token. */
  preflight?: (env: ClawEnv) => Promise<void> | void;
}

/** A running process: resolves `exited` with the exit code once it has shut down. */
export interface HostHandle {
  readonly exited: Promise<number>;
  readonly logger: RootLogger;
  readonly healthPort: Promise<number>;
  /** Shuts down gracefully (what SIGTERM does). */
  shutdown(reason: string, exitCode?: number): Promise<number>;
}

/** Default overall shutdown budget; Fly's `kill_timeout` must be longer. */
export const SHUTDOWN_BUDGET_MS = 20_000;

/**
 * Runs services in this process: health port first (so a supervisor sees the process alive), then
 * NATS (retrying until it answers), provisioning, config, discovery, the services, and a graceful
 * shutdown on request. A service that cannot start makes the process exit 1 with its message.
 */
export function runServices(options: HostOptions): HostHandle {
  const instanceId = instanceIdFor(options.env);
  const logger = createProcessLogger({
    service: options.processName,
    instance: instanceId,
    level: options.env.LOG_LEVEL,
    format: options.env.LOG_FORMAT,
    isTerminal: options.isTerminal,
    env: options.env,
  });
  const log = logger.child({ subsystem: options.processName });
  const readiness = new Readiness();
  const metrics = new MetricsRegistry();
  const controller = new AbortController();
  const cleanups: (() => void | Promise<void>)[] = [];
  const running: { name: string; service: RunningService }[] = [];
  let bus: Bus | undefined;
  let health: Server | undefined;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  let resolvePort: (port: number) => void = () => {};
  const healthPort = new Promise<number>((resolve) => (resolvePort = resolve));
  let shuttingDown: Promise<number> | undefined;

  const shutdown = (reason: string, exitCode = 0): Promise<number> => {
    shuttingDown ??= (async () => {
      log.info(`shutting down: ${reason}`);
      controller.abort(new Error(reason));
      readiness.set("shutdown", false, reason);
      const timer = setTimeout(() => {
        log.error(`shutdown took longer than ${SHUTDOWN_BUDGET_MS} ms; exiting anyway`);
        resolveExit(exitCode || 1);
      }, SHUTDOWN_BUDGET_MS);
      timer.unref();
      for (const { name, service } of [...running].reverse()) {
        await service
          .stop()
          .catch((error: unknown) => log.error(`${name} did not stop cleanly`, { error }));
      }
      for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
      await bus?.drain().catch(() => {});
      health?.close();
      clearTimeout(timer);
      log.info("stopped");
      resolveExit(exitCode);
      return exitCode;
    })();
    return shuttingDown;
  };

  const start = async () => {
    const env = readClawEnv(options.env);
    await options.preflight?.(env);
    for (const hosted of options.services) await hosted.definition.preflight?.(env, hosted.options);
    readiness.declare("bus", false, "connecting");
    readiness.declare("config", false, "loading");
    registerProcessMetrics(metrics, readiness, () => bus);
    const port = env.HEALTH_PORT ?? DefaultHealthPorts[options.processName];
    const host = healthHost(env.HEALTH_BIND, Boolean(env.FLY_APP_NAME));
    const started = await startHealthServer(port, readiness, metrics, host).catch(
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
        throw new StartupError(
          `health port ${port} is already in use by another program: set HEALTH_PORT to a free port (or 0 to pick one)`,
        );
      },
    );
    health = started.server;
    resolvePort(started.port);
    log.info(`health on :${started.port} (/healthz /readyz /metrics; bound to ${host})`);
    cleanups.push(watchHeap(log, (detail) => void shutdown(detail, 1)));

    const servers = natsServersFor(env, options.defaultNatsUrl);
    log.info(`connecting to NATS at ${redactUrl(servers)}`);
    const target: ProvisionTarget = {
      servers,
      auth: natsAuthFromEnv(options.env),
      replicas: env.NATS_REPLICAS,
    };
    bus = await connectBus(
      { servers, name: `${options.processName}-${instanceId}`, logger },
      target.auth,
    );
    if (controller.signal.aborted) return;
    await provisionUntilDone(bus, readiness, logger, controller.signal, target);
    const connected = bus;
    cleanups.push(watchStreamLeaders(connected, readiness, logger));
    cleanups.push(
      watchConnection(connected, {
        onDown: () => readiness.set("bus", false, "disconnected from NATS"),
        onUp: () =>
          void provisionUntilDone(connected, readiness, logger, controller.signal, target),
        onGiveUp: (ms) => void shutdown(`NATS unreachable for ${Math.round(ms / 1000)} s`, 1),
      }),
    );
    cleanups.push(shipLogsToBus(logger, connected, options.processName));

    const { live, stopFollowing } = await loadInitialConfig(connected, options.env, logger);
    cleanups.push(stopFollowing);
    readiness.set("config", true);
    if (!options.env.LOG_LEVEL) {
      const applyLevel = (level: string) =>
        logger.setLevel(level === "silent" ? "fatal" : (level as "info"));
      applyLevel(live.current.logging.level);
      cleanups.push(live.onChange(({ config }) => applyLevel(config.logging.level)));
    }

    for (const hosted of options.services) {
      const name = hosted.definition.name;
      const service = await hosted.definition.start({
        bus: connected,
        config: live,
        env,
        logger: logger.child({ service: name }),
        rootLogger: logger,
        instanceId,
        metrics,
        readiness,
        options: hosted.options,
        shutdownSignal: controller.signal,
      });
      running.push({ name, service });
      cleanups.push(
        registerServiceInstance(connected, {
          name,
          id: instanceId,
          version: options.version,
          description: hosted.definition.description,
          metadata: {
            process_group: options.env.FLY_PROCESS_GROUP ?? options.processName,
            pid: String(process.pid),
            region: options.env.FLY_REGION ?? "local",
          },
          stats: () => ({
            ready: readiness.ready,
            rssBytes: process.memoryUsage.rss(),
            heapLimitBytes: getHeapStatistics().heap_size_limit,
            uptimeSeconds: Math.round(process.uptime()),
            ...service.stats?.(),
          }),
        }),
      );
    }
    log.info(
      `ready: ${options.services.map((s) => s.definition.name).join(", ")} (instance ${instanceId}, ${Math.round(process.uptime() * 1000)} ms after start)`,
    );
  };

  // One stray promise must not take down every service of the process: log it loudly instead.
  const onRejection = (reason: unknown) =>
    log.error("unhandled promise rejection (a bug: please report it)", { error: reason });
  const onException = (error: Error) => {
    log.fatal("uncaught exception; shutting down", { error });
    void shutdown("uncaught exception", 1);
  };
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  // A closed terminal or pipe leaves nobody to read the logs: end in order (nats-server with us).
  const stopWatchingStdout = streamOutput(process.stdout).onLost(
    (error) => void shutdown(`stdout is gone (${errorCode(error)})`, 1),
  );
  cleanups.push(stopWatchingStdout);
  cleanups.push(() => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  });

  start().catch((error: unknown) => {
    if (error instanceof StartupError) log.fatal(error.message);
    else log.fatal("could not start", { error });
    void shutdown("start-up failed", 1);
  });

  return { exited, logger, healthPort, shutdown };
}

function errorCode(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

function redactUrl(servers: string): string {
  return servers.replace(/\/\/[^@/]*@/g, "//***@");
}
