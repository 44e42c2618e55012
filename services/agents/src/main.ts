import { Buckets, Consumers, provision, sessionStateSchema, TypedBucket } from "@clawfleet/bus";
import type { RunningService, ServiceContext } from "@clawfleet/runtime";
import { agentsOptions, type AgentsOptions } from "./agents-options.js";
import { ModelCooldowns } from "./domain/models/failover-policy.js";
import { listenForAborts } from "./handlers/abort-listener.js";
import { CronScheduler } from "./cron/cron-scheduler.js";
import { CronStore } from "./cron/cron-store.js";
import { serveCronRpcs } from "./handlers/cron-rpcs.js";
import { serveHolderLiveness } from "./handlers/holder-liveness.js";
import { serveModelsList } from "./handlers/models-rpc.js";
import { serveSessionsPatch } from "./handlers/session-patch-rpc.js";
import { serveSessionRpcs } from "./handlers/session-rpcs.js";
import { serveWorkspaceRpcs } from "./handlers/workspace-rpcs.js";
import { processHolder, turnSignalHandler } from "./handlers/turn-signals.js";
import { ModelClients } from "./providers/model-clients.js";
import { MemoryVectors } from "./workspace/memory-vectors.js";
import { ToolRegistry } from "./tools/tool-registry.js";
import { memorySearchMode, webSearchAvailability } from "@clawfleet/config";
import { followWebSearchStatus } from "./domain/web-search/web-search-status.js";
import { KnownStates } from "./turn/state/known-states.js";
import { TranscriptHistory } from "./turn/state/transcript-history.js";
import { ActiveTurns, StopReason } from "./turn/turn-control.js";
import { TurnConsumer } from "./turn/turn-consumer.js";
import type { TurnDeps } from "./turn/turn-deps.js";
import { WorkspaceStore } from "./workspace/workspace-store.js";
import { defaultModelWarning } from "./startup/default-model-key.js";
import type { MediaNetwork } from "./media/reply-media.js";

/** Network policies of the agents service (default: the system resolver and the strict address policy). */
export interface AgentsNetwork {
  /** How a reply's `MEDIA:` links are downloaded. */
  media?: MediaNetwork;
}

/** Composition root of the agents service: builds its parts from the context and starts them (timing: {@link AgentsOptions}). */
export async function startAgents(
  ctx: ServiceContext,
  given: Partial<AgentsOptions> = {},
  network: AgentsNetwork = {},
): Promise<RunningService> {
  const options = agentsOptions(given);
  const log = ctx.logger.child({ subsystem: "agents" });
  const workspace = await WorkspaceStore.open(ctx.bus);
  const turnsConsumer = { ...Consumers.AgentTurns, ackWaitMs: options.turnsAckWaitMs };
  // The catalogue's value is provisioned by every process at start; only another one needs a write.
  if (turnsConsumer.ackWaitMs !== Consumers.AgentTurns.ackWaitMs)
    await provision(ctx.bus, { streams: [], buckets: [], consumers: [turnsConsumer] }, log);
  const cron = await CronStore.open(ctx.bus);
  const deps: TurnDeps = {
    bus: ctx.bus,
    config: ctx.config,
    env: ctx.env,
    sessions: await TypedBucket.open(ctx.bus, Buckets.Sessions, sessionStateSchema),
    known: new KnownStates(),
    history: new TranscriptHistory(ctx.bus),
    active: new ActiveTurns(),
    metrics: ctx.metrics,
    leaseTtlMs: options.leaseTtlMs,
    leaseRenewMs: options.leaseRenewMs,
    workspace,
    clients: new ModelClients(ctx.env, log),
    cooldowns: new ModelCooldowns(),
    tools: ToolRegistry.builtIn(ctx.bus, workspace, cron, {
      webSearch: () => webSearchAvailability(ctx.config.current, ctx.env),
      semanticMemory: {
        mode: () => memorySearchMode(ctx.config.current, ctx.env),
        vectors: await MemoryVectors.open(ctx.bus),
      },
    }),
    logger: log,
    ...(network.media ? { mediaNetwork: network.media } : {}),
  };
  let stopping = false;
  const holder = processHolder(ctx.instanceId);
  // Served before the first lease is taken, so another worker never finds a live holder silent.
  const liveness = serveHolderLiveness(ctx.bus, holder);
  const handler = turnSignalHandler(deps, holder, () => stopping);
  const consumer = new TurnConsumer(
    ctx.bus,
    log,
    turnsConsumer,
    handler,
    ctx.config.current.agents.defaults.maxConcurrent,
  );
  const webSearchChanged = followWebSearchStatus(
    () => webSearchAvailability(ctx.config.current, ctx.env),
    (line) => log.info(line),
  );
  const stopFollowing = ctx.config.onChange(({ config }) => {
    consumer.resize(config.agents.defaults.maxConcurrent);
    webSearchChanged();
  });
  const scheduler = new CronScheduler({
    bus: ctx.bus,
    store: cron,
    config: ctx.config,
    workspace,
    instanceId: ctx.instanceId,
    logger: log.child({ subsystem: "cron" }),
  });
  await scheduler.start();
  const subscriptions = [
    liveness,
    ...serveSessionRpcs(ctx.bus, deps),
    serveSessionsPatch(ctx.bus, deps, ctx.config, ctx.env),
    serveModelsList(ctx.bus, ctx.config, ctx.env),
    ...serveWorkspaceRpcs(ctx.bus, () => ctx.config.current, workspace),
    ...serveCronRpcs({
      bus: ctx.bus,
      store: cron,
      scheduler,
      config: () => ctx.config.current,
      instanceId: ctx.instanceId,
    }),
    listenForAborts(ctx.bus, deps.active, log),
  ];
  // Ready only once the server holds every subscription: a request sent right after start-up
  // finds its responder instead of "no responders".
  await ctx.bus.flush();
  ctx.metrics.gauge(
    "clawfleet_agent_turns_running",
    "Turns running in this worker now.",
    () => deps.active.size,
  );
  ctx.metrics.gauge(
    "clawfleet_agent_turn_slots",
    "Turns this worker may run at once (agents.defaults.maxConcurrent).",
    () => consumer.size,
  );
  log.info(`taking turns, up to ${consumer.size} at once`);
  const modelWarning = defaultModelWarning(ctx.config.current, ctx.env);
  if (modelWarning) log.warn(modelWarning);
  return {
    async stop() {
      stopping = true;
      scheduler.stop();
      stopFollowing();
      const drained = consumer.stop();
      const grace = new Promise<"late">((resolve) =>
        setTimeout(() => resolve("late"), options.shutdownGraceMs).unref(),
      );
      if ((await Promise.race([drained.then(() => "done" as const), grace])) === "late") {
        log.warn(`handing ${deps.active.size} running turn(s) to other workers`);
        deps.active.stopAll(StopReason.Shutdown);
        await drained;
      }
      for (const subscription of subscriptions) subscription.unsubscribe();
      log.info("stopped");
    },
    stats: () => ({ turnsRunning: deps.active.size, turnSlots: consumer.size }),
  };
}
