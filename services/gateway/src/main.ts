import { ConfigStore, resolveConfigPath, type OpenClawConfig } from "@clawfleet/config";
import type { RunningService, ServiceContext } from "@clawfleet/runtime";
import { AgentEventRelay } from "./bus/agent-event-relay.js";
import { IdempotencyStore } from "./bus/idempotency-store.js";
import { ServiceDirectory } from "./bus/service-directory.js";
import { SessionReader } from "./bus/session-reader.js";
import { ConfigOwner } from "./config/config-owner.js";
import { serveDashboardLinks } from "./dashboard/serve-dashboard-link.js";
import { RunRegistry } from "./domain/run-registry.js";
import type { GatewayDeps } from "./handlers/gateway-deps.js";
import { buildMethodTable, GATEWAY_CAPABILITIES, GATEWAY_EVENTS } from "./handlers/method-table.js";
import { createGatewayHttpServer } from "./http/gateway-http-server.js";
import { CloseCode } from "./protocol/policy.js";
import { authSettings } from "./startup/auth-settings.js";
import { resolveCredentials } from "./startup/credentials.js";
import { readGatewayOptions } from "./startup/gateway-options.js";
import { runsInContainer } from "./startup/in-container.js";
import { findUiDir, gatewayVersion } from "./startup/install-paths.js";
import { controlUiUrl } from "./startup/control-ui-url.js";
import { listen } from "./startup/listen.js";
import { resolveListenPlan } from "./startup/listen-plan.js";
import { FailureLimiter } from "./ws/auth/failure-limiter.js";
import { proxyTrust } from "./ws/client-address.js";
import { ConnectionRegistry } from "./ws/connection-registry.js";
import { helloPayload } from "./ws/hello.js";
import { UnknownMethodCounter } from "./ws/unknown-methods.js";
import { attachWebSockets } from "./ws/ws-server.js";
import { createVoiceStreamRelay } from "./ws/voice-stream-relay.js";

const HEALTH_BROADCAST_MS = 15_000;

/** Composition root of the gateway: config mirror, bus adapters, methods, then HTTP + WebSocket on one port. */
export async function startGateway(
  ctx: ServiceContext,
  processEnv: Record<string, string | undefined>,
): Promise<RunningService> {
  const log = ctx.logger.child({ subsystem: "gateway" });
  const options = readGatewayOptions(ctx.options);
  const config = () => ctx.config.current;
  const owner = new ConfigOwner({
    file: resolveConfigPath(processEnv),
    env: processEnv,
    store: await ConfigStore.open(ctx.bus),
    logger: ctx.logger,
    allowUnconfigured: options.allowUnconfigured,
    running: config,
  });
  await owner.start();
  const startConfig = owner.view.result.ok ? owner.view.result.config : config();
  const credentials = resolveCredentials(options, startConfig.gateway, ctx.env);
  ctx.rootLogger.redactor.add(credentials.token);
  ctx.rootLogger.redactor.add(credentials.password);
  const plan = resolveListenPlan({
    options,
    envPort: ctx.env.OPENCLAW_GATEWAY_PORT,
    gateway: startConfig.gateway,
    credentials,
    inContainer: runsInContainer(processEnv),
  });
  const auth = () => authSettings(options, config(), ctx.env, plan.loopback);

  const version = gatewayVersion();
  const registry = new ConnectionRegistry();
  const runs = new RunRegistry();
  const relay = new AgentEventRelay(ctx.bus, runs, registry);
  const directory = new ServiceDirectory(ctx.bus);
  const limiter = new FailureLimiter();
  const trust = memoByConfig(config, (current) =>
    proxyTrust({
      trustedProxies: current.gateway.trustedProxies,
      allowRealIpFallback: current.gateway.allowRealIpFallback,
      onFly: Boolean(processEnv.FLY_APP_NAME),
    }),
  );
  const deps: GatewayDeps = {
    bus: ctx.bus,
    config,
    appliedHash: () => ctx.config.hash,
    configOwner: owner,
    idempotency: await IdempotencyStore.open(ctx.bus, ctx.logger),
    runs,
    relay,
    directory,
    sessions: await SessionReader.open(ctx.bus),
    clients: registry,
    version,
    startedAt: Date.now(),
  };
  const methods = buildMethodTable(deps);
  let port = plan.port;
  let listening = false;
  const dashboard = serveDashboardLinks({
    bus: ctx.bus,
    auth,
    uiUrl: () => {
      const ui = config().gateway.controlUi;
      return ui.enabled && listening
        ? controlUiUrl(plan.displayHost, port, ui.basePath)
        : undefined;
    },
  });
  const server = createGatewayHttpServer({
    bus: ctx.bus,
    config,
    readiness: ctx.readiness,
    metrics: ctx.metrics,
    logger: log,
    uiDir: findUiDir(),
    redeemDashboardCode: dashboard.redeem,
    fallbackHost: () => `${plan.displayHost}:${port}`,
    chatCompletions: {
      bus: ctx.bus,
      config,
      auth,
      limiter,
      proxyTrust: trust,
      relay,
      runs,
      directory,
    },
  });
  const voiceStreams = createVoiceStreamRelay({
    bus: ctx.bus,
    streamPath: () =>
      config().plugins.entries["voice-call"]?.config?.streaming.streamPath ?? "/voice/stream",
    log: log.child({ subsystem: "voice-stream" }),
  });
  const sockets = attachWebSockets(server, {
    voiceStreams,
    methods,
    registry,
    limiter,
    proxyTrust: trust,
    auth,
    logger: log,
    unknownMethods: new UnknownMethodCounter(ctx.metrics),
    allowedOrigins: () => config().gateway.controlUi.allowedOrigins,
    hello: () =>
      helloPayload({
        version,
        instanceId: ctx.instanceId,
        startedAt: deps.startedAt,
        methods: () => [...methods.keys()],
        events: GATEWAY_EVENTS,
        capabilities: GATEWAY_CAPABILITIES,
        config,
        appliedHash: deps.appliedHash,
        authMode: () => auth().mode,
        registry,
        directory,
      }),
  });
  relay.start();
  const healthTimer = setInterval(() => {
    void directory.list(0).then((instances) =>
      registry.broadcast("health", {
        ts: Date.now(),
        services: instances.map((i) => ({
          name: i.name,
          id: i.id,
          processGroup: i.metadata.process_group ?? i.name,
        })),
      }),
    );
  }, HEALTH_BROADCAST_MS);
  healthTimer.unref();
  const offChange = ctx.config.onChange(({ config: next, previous }) => {
    ctx.rootLogger.redactor.add(next.gateway.auth.token);
    ctx.rootLogger.redactor.add(next.gateway.auth.password);
    if (next.gateway.port !== previous.gateway.port || next.gateway.bind !== previous.gateway.bind)
      log.warn(
        "gateway.port / gateway.bind changed: restart the gateway to listen on the new address",
      );
  });
  const stop = async () => {
    clearInterval(healthTimer);
    offChange();
    dashboard.unsubscribe();
    registry.shutdown(
      { reason: "gateway stopping", restartExpectedMs: 5000 },
      CloseCode.ServiceRestart,
    );
    sockets.close();
    voiceStreams.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    relay.stop();
    owner.stop();
  };
  try {
    port = await listen(server, plan);
    listening = true;
  } catch (error) {
    await stop();
    throw error;
  }
  if (plan.authMode === "none")
    log.warn(
      "no gateway token is set: anyone on this machine can use the gateway (set OPENCLAW_GATEWAY_TOKEN)",
    );
  log.info(`listening on ws://${plan.displayHost}:${port} (PID ${process.pid})`);
  const ui = config().gateway.controlUi;
  if (ui.enabled)
    log.info(
      `Control UI: ${controlUiUrl(plan.displayHost, port, ui.basePath)} (a one-time sign-in link: clawfleet dashboard)`,
    );
  void directory.list(0);
  return {
    async stop() {
      await stop();
      log.info("stopped");
    },
    stats: () => ({ port, connections: registry.size }),
  };
}

// Derives a value from the running config once per config object (configs are replaced, not mutated).
function memoByConfig<T>(config: () => OpenClawConfig, derive: (c: OpenClawConfig) => T): () => T {
  let seen: OpenClawConfig | undefined;
  let value: T | undefined;
  return () => {
    const current = config();
    if (current !== seen || value === undefined) [seen, value] = [current, derive(current)];
    return value;
  };
}
