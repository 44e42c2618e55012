// @clawfleet/runtime — how every clawfleet process runs its services.
export { runServices, SHUTDOWN_BUDGET_MS } from "./host/run-services.js";
export type { HostOptions, HostHandle, HostedService } from "./host/run-services.js";
export { ServiceNames, DefaultHealthPorts } from "./service.js";
export type { ServiceName, ServiceContext, ServiceDefinition, RunningService } from "./service.js";
export { StartupError, RuntimeErrorCode } from "./errors.js";
export { Readiness } from "./health/readiness.js";
export {
  answerHealth,
  startHealthServer,
  HealthBind,
  healthHost,
  HealthPaths,
} from "./health/health-server.js";
export { MetricsRegistry } from "./metrics/metrics-registry.js";
export { instanceIdFor } from "./instance-id.js";
export { NATS_OUTAGE_BUDGET_MS } from "./host/watchdogs.js";
export { createProcessLogger, wantsColour } from "./logging/process-logger.js";
export { embeddedNatsUrlFile, ensureNatsServer } from "./nats/embedded-nats.js";
export { spawnTied } from "./process/spawn-tied.js";
export type { TiedSpawnOptions } from "./process/spawn-tied.js";
export { clawfleetCacheDir, NATS_INSTALL_HINT } from "./nats/install-nats-server.js";
export type { EmbeddedNats } from "./nats/embedded-nats.js";
