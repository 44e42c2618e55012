import { Buckets, TypedBucket, leaseRecordSchema } from "@clawfleet/bus";
import type { RunningService, ServiceContext } from "@clawfleet/runtime";
import { AccountFleet } from "./accounts/account-fleet.js";
import { accountLabel, resolveAccountSpecs, type AccountSpec } from "./domain/account-spec.js";
import { storedStatusSchema } from "./domain/account-status.js";
import { inboundImageLimit } from "./domain/inbound-media.js";
import { servePairing } from "./handlers/pairing-handlers.js";
import { serveChannelsStatus } from "./handlers/status-handler.js";
import { DeliveryLog } from "./state/delivery-log.js";
import { offsetRecordSchema } from "./state/offset-store.js";
import { PairingStore } from "./state/pairing-store.js";
import { openSecretStore, SecretBox } from "./state/secret-store.js";
import { MIN_STATE_KEY_LENGTH } from "./domain/state-key.js";
import type { WaSocketFactory } from "./adapters/whatsapp/whatsapp-socket.js";

/** Options of the channels service beyond its context. */
export interface ChannelsOptions {
  /** How WhatsApp sockets are opened; Baileys when absent. */
  whatsappSocket?: WaSocketFactory;
}

/** Composition root of the channels service: stores → account fleet (leases, connectors) → RPCs → follow config. */
export async function startChannels(
  ctx: ServiceContext,
  options: ChannelsOptions = {},
): Promise<RunningService> {
  const log = ctx.logger.child({ subsystem: "channels" });
  const [pairing, deliveries, statuses, offsets, leases] = await Promise.all([
    PairingStore.open(ctx.bus),
    DeliveryLog.open(ctx.bus),
    TypedBucket.open(ctx.bus, Buckets.ChannelState, storedStatusSchema),
    TypedBucket.open(ctx.bus, Buckets.ChannelState, offsetRecordSchema),
    TypedBucket.open(ctx.bus, Buckets.Leases, leaseRecordSchema),
  ]);
  const stateKey = ctx.env.CLAWFLEET_STATE_KEY;
  const secrets =
    stateKey && stateKey.length >= MIN_STATE_KEY_LENGTH
      ? await openSecretStore(ctx.bus, new SecretBox(stateKey))
      : undefined;

  const specs = (): AccountSpec[] => resolveAccountSpecs(ctx.config.current, ctx.env);
  const count = (what: "inbound" | "outbound", channel: string) =>
    ctx.metrics.inc(
      `clawfleet_channel_messages_${what}_total`,
      `Channel messages ${what === "inbound" ? "received" : "delivered"}.`,
      { channel },
    );
  const fleet = new AccountFleet(
    {
      bus: ctx.bus,
      logger: ctx.logger,
      instanceId: ctx.instanceId,
      config: () => ctx.config.current,
      maxImageBytes: () => inboundImageLimit(ctx.config.current),
      pairing,
      deliveries,
      statuses,
      offsets,
      leases,
      secrets,
      whatsappSocket: options.whatsappSocket,
      count,
    },
    ctx.logger,
  );

  let reported = new Set<string>();
  const apply = () => {
    const current = specs();
    for (const spec of current) {
      ctx.rootLogger.redactor.add(spec.token);
      ctx.rootLogger.redactor.add(spec.appToken);
    }
    const problems = new Set(
      current.filter((s) => s.enabled && s.problem).map((s) => `${accountLabel(s)}: ${s.problem}`),
    );
    for (const problem of problems)
      if (!reported.has(problem)) log.warn(`not connecting ${problem}`);
    reported = problems;
    if (current.length === 0)
      log.info(
        "no channel configured (channels.telegram / discord / whatsapp / slack / signal); waiting for config",
      );
    return fleet.apply(current);
  };

  const subscriptions = [
    serveChannelsStatus(ctx.bus, { specs, statuses, leases }),
    ...servePairing(ctx.bus, pairing),
  ];
  void apply();
  const stopFollowing = ctx.config.onChange(() => void apply());
  ctx.metrics.gauge(
    "clawfleet_channel_accounts_held",
    "Channel accounts whose lease this instance holds.",
    () => fleet.held().length,
  );
  log.info("started");

  return {
    async stop() {
      stopFollowing();
      for (const subscription of subscriptions) subscription.unsubscribe();
      await fleet.stop();
      log.info("stopped");
    },
    stats: () => ({ accountsHeld: fleet.held(), accountsCampaigning: fleet.campaigning() }),
  };
}
