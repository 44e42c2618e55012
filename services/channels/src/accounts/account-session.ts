import {
  outboxConsumer,
  provision,
  type Bus,
  type TypedBucket,
  type WorkQueueHandle,
} from "@clawfleet/bus";
import type { CoreConfig } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import { loadAdapter } from "../adapters/load-adapter.js";
import type { WaSocketFactory } from "../adapters/whatsapp/whatsapp-socket.js";
import { accountLabel, type AccountSpec } from "../domain/account-spec.js";
import type { BotIdentity, ChannelAdapter } from "../domain/channel-adapter.js";
import { statusKey } from "../domain/kv-keys.js";
import { backoffDelay, sleep } from "../domain/retry-timing.js";
import { ChannelsErrorCode, errorMessage, type ChannelsError } from "../errors.js";
import { createInboundHandler } from "../handlers/inbound-handler.js";
import { startOutboxConsumer } from "../handlers/outbox-handler.js";
import { serveLogin } from "../handlers/login-handler.js";
import { serveTelegramWebhook } from "../handlers/telegram-webhook-handler.js";
import { startTypingIndicators, type TypingIndicators } from "../handlers/typing-handler.js";
import type { DeliveryLog } from "../state/delivery-log.js";
import { kvOffsetStore, type offsetRecordSchema } from "../state/offset-store.js";
import type { PairingStore } from "../state/pairing-store.js";
import type { SecretStore } from "../state/secret-store.js";
import { StatusRecorder, type StatusBucket } from "../state/status-recorder.js";

/** The shared parts every account session uses. */
export interface SessionServices {
  bus: Bus;
  logger: Logger;
  instanceId: string;
  config: () => CoreConfig;
  /** The largest inbound image passed on as an image. */
  maxImageBytes: () => number;
  pairing: PairingStore;
  deliveries: DeliveryLog;
  statuses: StatusBucket;
  offsets: TypedBucket<typeof offsetRecordSchema>;
  /** The encrypted credentials bucket; absent without CLAWFLEET_STATE_KEY. */
  secrets: SecretStore | undefined;
  /** How WhatsApp sockets are opened (Baileys when absent). */
  whatsappSocket?: WaSocketFactory | undefined;
  /** Counts messages in and out, per channel. */
  count?: (what: "inbound" | "outbound", channel: string) => void;
}

/**
 * Everything one account runs while this instance holds its lease, from start to finish: connect
 * (retrying with backoff while the token is refused — the error shows in `channels.status`), then
 * consume its outbox, show typing and, in webhook mode, answer forwarded webhooks. When `signal`
 * aborts (lease lost or released) it stops all of it; `done` resolves once nothing polls or sends.
 */
export class AccountSession {
  readonly done: Promise<void>;
  readonly #log: Logger;

  constructor(
    private readonly spec: () => AccountSpec,
    private readonly services: SessionServices,
    private readonly signal: AbortSignal,
  ) {
    this.#log = services.logger.child({ subsystem: "channels", account: accountLabel(spec()) });
    this.done = this.#supervise();
  }

  /** Runs the session until the lease goes; an unexpected failure (bus hiccup while setting up) starts it over. */
  async #supervise(): Promise<void> {
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      try {
        await this.#run();
        return;
      } catch (error) {
        const delay = backoffDelay(attempt, 1000, 30_000);
        this.#log.error(
          `account session failed: ${errorMessage(error)}; starting it again in ${Math.round(delay / 1000)} s`,
          { error },
        );
        await sleep(delay, this.signal);
      }
    }
  }

  async #run(): Promise<void> {
    const services = this.services;
    const bus = services.bus;
    const spec = this.spec();
    const status = new StatusRecorder(
      services.statuses,
      statusKey(spec),
      services.instanceId,
      spec.mode,
      this.#log,
    );
    await status.load();
    status.connection(false);
    const adapter = await loadAdapter(spec, {
      logger: services.logger,
      offsets: kvOffsetStore(services.offsets, spec),
      secrets: services.secrets,
      whatsappSocket: services.whatsappSocket,
    });
    const webhook =
      spec.mode === "webhook" ? serveTelegramWebhook(bus, spec.accountId, adapter) : undefined;
    // Served before connecting: an unlinked WhatsApp account connects only after its QR login.
    const login = serveLogin(bus, spec, adapter);
    let outbox: WorkQueueHandle | undefined;
    let typing: TypingIndicators | undefined;
    try {
      const bot = await this.#connect(adapter, status);
      if (!bot) return;
      await provision(
        bus,
        { streams: [], consumers: [outboxConsumer(spec.channel, spec.accountId)], buckets: [] },
        services.logger,
      );
      typing = startTypingIndicators(bus, spec, adapter, services.logger);
      const activeTyping = typing;
      outbox = startOutboxConsumer({
        bus,
        spec: this.spec,
        adapter,
        deliveries: services.deliveries,
        logger: services.logger,
        signal: this.signal,
        onSent: (target) => {
          activeTyping.stopFor(target);
          status.outbound();
          services.count?.("outbound", spec.channel);
        },
        onFailed: (reason) => status.error(reason),
      });
      await new Promise<void>((resolve) =>
        this.signal.aborted
          ? resolve()
          : this.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
    } finally {
      webhook?.unsubscribe();
      for (const subscription of login) subscription.unsubscribe();
      typing?.stop();
      await outbox?.stop();
      await adapter
        .stop()
        .catch((error: unknown) =>
          this.#log.warn(`could not stop cleanly: ${errorMessage(error)}`),
        );
      status.connection(false);
      await status.close();
      this.#log.info("disconnected");
    }
  }

  /** Connects, retrying until it works or the lease goes; undefined when stopped first. */
  async #connect(
    adapter: ChannelAdapter,
    status: StatusRecorder,
  ): Promise<BotIdentity | undefined> {
    const spec = this.spec();
    const inbound = createInboundHandler({
      bus: this.services.bus,
      config: this.services.config,
      spec: this.spec,
      pairing: this.services.pairing,
      logger: this.services.logger,
      maxImageBytes: this.services.maxImageBytes,
      onActivity: () => {
        status.inbound();
        this.services.count?.("inbound", spec.channel);
      },
    });
    const events = {
      inbound,
      connection: (state: { connected: boolean; error?: string; botName?: string }) => {
        if (state.error) status.error(state.error);
        status.connection(state.connected, state.botName);
      },
    };
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      try {
        const bot = await adapter.start(events, this.signal);
        if (this.signal.aborted) return undefined;
        status.connection(true, bot.label);
        return bot;
      } catch (error) {
        if (this.signal.aborted) return undefined;
        await adapter.stop().catch(() => {});
        const failure = error as ChannelsError;
        const refused =
          failure.code === ChannelsErrorCode.Unauthorized ||
          failure.code === ChannelsErrorCode.Refused;
        const delay = refused
          ? backoffDelay(attempt, 30_000, 300_000)
          : backoffDelay(attempt, 2000, 60_000);
        status.error(errorMessage(error));
        this.#log.error(
          `cannot connect: ${errorMessage(error)}; trying again in ${Math.round(delay / 1000)} s`,
        );
        await sleep(delay, this.signal);
      }
    }
    return undefined;
  }
}
