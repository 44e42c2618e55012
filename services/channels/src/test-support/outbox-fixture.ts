import assert from "node:assert/strict";
import { after, afterEach, before } from "node:test";
import {
  connectBus,
  Outbox,
  outboxConsumer,
  provision,
  provisionPlan,
  Streams,
  type Bus,
  type WorkQueueHandle,
} from "@clawfleet/bus";
import { consumerAckedThrough } from "@clawfleet/bus/testing";
import { validateParsedConfig } from "@clawfleet/config";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { resolveAccountSpecs, type AccountSpec } from "../domain/account-spec.js";
import type { ChannelAdapter, OutboundChunk } from "../domain/channel-adapter.js";
import { startOutboxConsumer, type OutboxDeps } from "../handlers/outbox-handler.js";
import { DeliveryLog } from "../state/delivery-log.js";

/** One Telegram account (20-character chunks) with its outbox on a private nats-server. */
export interface OutboxFixture {
  readonly bus: Bus;
  readonly deliveries: DeliveryLog;
  readonly spec: AccountSpec;
  /** The account's outbox consumer sending to `adapter`; `overrides` replace the defaults. */
  consume(adapter: ChannelAdapter, overrides?: Partial<OutboxDeps>): WorkQueueHandle;
  /** Publishes one agent reply to DM `peer` under `msgID`; resolves with its stream sequence. */
  publishReply(id: string, text: string, msgID: string, peer?: string): Promise<number>;
  /** Resolves once the account's outbox consumer acked everything up to `seq` (waits up to a minute: liveness only). */
  ackedThrough(seq: number): Promise<void>;
}

/** Starts the fixture before the file's tests and disposes of it after them. */
export function useOutboxFixture(): OutboxFixture {
  let nats: NatsTestServer;
  let bus: Bus;
  let deliveries: DeliveryLog;
  before(async () => {
    nats = await startNatsServer();
    bus = await connectBus({ servers: nats.url, name: "outbox-test", logger: silentLogger });
    await provision(bus, provisionPlan, silentLogger);
    deliveries = await DeliveryLog.open(bus);
    await provision(bus, { streams: [], consumers: [consumerDef], buckets: [] }, silentLogger);
  });
  // A test that failed halfway must not leave its consumer taking the next test's messages.
  const running: WorkQueueHandle[] = [];
  afterEach(() => Promise.all(running.splice(0).map((consumer) => consumer.stop())));
  after(async () => {
    await bus.close();
    await nats.dispose();
  });
  const parsed = validateParsedConfig({
    channels: { telegram: { botToken: "9:outbox-test-token", textChunkLimit: 20 } },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const spec = resolveAccountSpecs(parsed.config, {}).find((s) => s.channel === "telegram")!;
  const consumerDef = outboxConsumer(spec.channel, spec.accountId);
  return {
    get bus() {
      return bus;
    },
    get deliveries() {
      return deliveries;
    },
    spec,
    consume(adapter, overrides = {}) {
      const consumer = startOutboxConsumer({
        bus,
        spec: () => spec,
        adapter,
        deliveries,
        logger: silentLogger,
        signal: new AbortController().signal,
        ...overrides,
      });
      running.push(consumer);
      return consumer;
    },
    async publishReply(id, text, msgID, peer = "43") {
      const ack = await bus.jsPublish(
        Outbox,
        { channel: "telegram", account: spec.accountId },
        {
          id,
          target: {
            channel: "telegram",
            accountId: spec.accountId,
            peer: { kind: "dm", id: peer },
          },
          text,
          origin: "agent",
          createdAt: Date.now(),
        },
        { msgID },
      );
      assert.equal(ack.duplicate, false, "stored as a new stream message");
      return ack.seq;
    },
    ackedThrough: (seq) =>
      consumerAckedThrough(bus, Streams.Outbox.name, consumerDef.name, seq, 60_000),
  };
}

/**
 * The platform side of one account: records what reached it. `onSend` runs before each send is
 * taken and may throw (as the platform refusing it); a chunk counts as sent only if it does not.
 */
export function fakePlatform(onSend: (chunk: OutboundChunk, attempt: number) => void = () => {}) {
  const sent: string[] = [];
  let attempts = 0;
  const adapter: ChannelAdapter = {
    mode: "polling",
    start: () => Promise.reject(new Error("not used")),
    typing: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    send: async (_target, chunk) => {
      onSend(chunk, ++attempts);
      sent.push(chunk.text);
      return `m${sent.length}`;
    },
  };
  return { adapter, sent, attempts: () => attempts };
}

/** Polls `check` every 50 ms, up to 15 s (liveness only), then asserts it. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}
