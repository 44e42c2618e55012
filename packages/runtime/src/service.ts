import type { Bus } from "@clawfleet/bus";
import type { ClawEnv, LiveConfig } from "@clawfleet/config";
import type { Logger, RootLogger } from "@clawfleet/log";
import type { Readiness } from "./health/readiness.js";
import type { MetricsRegistry } from "./metrics/metrics-registry.js";

/** The four services; each is a Fly process group and a CLI subcommand. */
export const ServiceNames = ["gateway", "channels", "agents", "voice"] as const;
/** One of the services. */
export type ServiceName = (typeof ServiceNames)[number];

/** Default health ports, one per service so they can share a host (compose, tests) without clashing. */
export const DefaultHealthPorts: Record<ServiceName | "all", number> = {
  gateway: 9101,
  channels: 9102,
  agents: 9103,
  voice: 9104,
  // Not 9100: that is node_exporter's port on many machines.
  all: 9180,
};

/** What a service is handed when it starts: everything comes from here, nothing from globals. */
export interface ServiceContext {
  bus: Bus;
  config: LiveConfig;
  env: ClawEnv;
  logger: Logger;
  /** The process's root logger (to add sinks or secrets). */
  rootLogger: RootLogger;
  /** Unique id of this process, e.g. the Fly machine id. */
  instanceId: string;
  metrics: MetricsRegistry;
  readiness: Readiness;
  /** Parsed CLI options of this service's subcommand. */
  options: Readonly<Record<string, string | boolean | undefined>>;
  /** Aborted when the process starts shutting down. */
  shutdownSignal: AbortSignal;
}

/** A started service. */
export interface RunningService {
  /** Stops taking work, finishes or hands back in-flight work, releases leases. */
  stop(): Promise<void>;
  /** Live numbers for discovery stats and `clawfleet status`. */
  stats?(): Record<string, unknown>;
}

/** How to start one service. */
export interface ServiceDefinition {
  name: ServiceName;
  description: string;
  /** Checks that need neither NATS nor config, run first so a misconfiguration fails in milliseconds (throw a StartupError). */
  preflight?(
    env: ClawEnv,
    options: Readonly<Record<string, string | boolean | undefined>>,
  ): Promise<void> | void;
  start(ctx: ServiceContext): Promise<RunningService>;
}
