import type { Logger } from "@clawfleet/log";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Bus } from "./bus.js";

/** Required options of {@link connectNats}. */
export interface NatsConnectOptions {
  /** One URL or several, comma-separated (`NATS_URL`). Credentials may be given in the URL. */
  servers: string;
  /** Client name, `<service>-<instance>`, shown by `nats server report connections`. */
  name: string;
  logger: Logger;
  /** Keep retrying until the first connection succeeds (services); false fails at once (CLI commands). */
  retryUntilConnected?: boolean;
}

/** Optional authentication for {@link connectNats}. */
export interface NatsAuth {
  token?: string;
  user?: string;
  pass?: string;
}

/** Reconnect policy: forever, one second apart with up to half a second of jitter. */
export const ReconnectPolicy = {
  waitMs: 1000,
  jitterMs: 500,
  pingIntervalMs: 10_000,
  maxPingOut: 3,
} as const;

/**
 * Connects with endless reconnects; resolves once the first connection succeeds (retrying
 * until then), and logs every status change.
 */
export async function connectNats(
  options: NatsConnectOptions,
  auth: NatsAuth = {},
): Promise<NatsConnection> {
  const log = options.logger.child({ subsystem: "nats" });
  const servers = options.servers
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const nc = await connect({
    servers,
    name: options.name,
    reconnectTimeWait: ReconnectPolicy.waitMs,
    reconnectJitter: ReconnectPolicy.jitterMs,
    pingInterval: ReconnectPolicy.pingIntervalMs,
    maxPingOut: ReconnectPolicy.maxPingOut,
    waitOnFirstConnect: options.retryUntilConnected ?? true,
    maxReconnectAttempts: options.retryUntilConnected === false ? 0 : -1,
    // With async traces on, every request builds two Error objects (stack captures) up front in case
    // it fails: ~8 % of an agent worker's CPU under load. A failed request's error still says what failed.
    noAsyncTraces: true,
    ...auth,
  });
  log.info(`connected to ${nc.getServer()}`, { client: options.name });
  void logStatus(nc, log);
  return nc;
}

async function logStatus(nc: NatsConnection, log: Logger): Promise<void> {
  for await (const status of nc.status()) {
    switch (status.type) {
      case "disconnect":
        log.warn(`disconnected from ${status.server}`);
        break;
      case "reconnect":
        log.info(`reconnected to ${status.server}`);
        break;
      case "error":
        log.warn("connection error", { error: status.error });
        break;
      case "ldm":
        log.warn("server entering lame duck mode");
        break;
      case "slowConsumer":
        log.warn(`slow consumer on ${status.sub.getSubject()}`);
        break;
      default:
        log.trace(`status ${status.type}`);
    }
  }
}

/** Connects and wraps the connection in a typed {@link Bus}. */
export async function connectBus(options: NatsConnectOptions, auth: NatsAuth = {}): Promise<Bus> {
  return new Bus(await connectNats(options, auth), options.logger);
}

/** NATS credentials from an environment record: `NATS_TOKEN`, or `NATS_USER` + `NATS_PASSWORD`. */
export function natsAuthFromEnv(env: Record<string, string | undefined>): NatsAuth {
  if (env.NATS_TOKEN) return { token: env.NATS_TOKEN };
  if (env.NATS_USER) return { user: env.NATS_USER, pass: env.NATS_PASSWORD };
  return {};
}
