// @clawfleet/testkit — test-only helpers: a private nats-server, platform fakes, process launcher.
export {
  startNatsServer,
  startNatsCluster,
  NatsUnavailableError,
  freePort,
} from "@clawfleet/bus/testing";
export type { NatsTestServer, NatsTestCluster, NatsClusterNode } from "@clawfleet/bus/testing";
export { launchCli, CLI_PATH } from "./process/launch-cli.js";
export type { LaunchedCli } from "./process/launch-cli.js";
export { bundleEntry } from "./process/bundle-entry.js";
export * from "./fakes/index.js";
export { startEchoAgent, lastInput } from "./agent-stub/echo-agent.js";
export type { EchoAgent } from "./agent-stub/echo-agent.js";
export { wrongSecrets } from "./secrets/wrong-secrets.js";
export type { WrongSecret } from "./secrets/wrong-secrets.js";
