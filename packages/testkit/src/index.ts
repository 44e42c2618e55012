// @clawfleet/testkit — test-only helpers: a private nats-server, platform fakes, process launcher.
export { startNatsServer, NatsUnavailableError } from "./nats/nats-server.js";
export type { NatsTestServer } from "./nats/nats-server.js";
export { freePort } from "./net/free-port.js";
export { launchCli, CLI_PATH } from "./process/launch-cli.js";
export type { LaunchedCli } from "./process/launch-cli.js";
export * from "./fakes/index.js";
export { startEchoAgent, lastInput } from "./agent-stub/echo-agent.js";
export type { EchoAgent } from "./agent-stub/echo-agent.js";
