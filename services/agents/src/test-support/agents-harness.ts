// Test-only helpers for the agents service: a private nats-server, the service started in-process
// with a given config, inputs in, replies and events out. Not part of the build.
import {
  AgentEvents,
  connectBus,
  Outbox,
  PayloadError,
  provision,
  provisionPlan,
  submitInput,
  type AgentEvent,
  type Bus,
  type InboxInput,
  type OutboxMessage,
} from "@clawfleet/bus";
import {
  LiveConfig,
  OpenClawConfigSchema,
  type ClawEnv,
  type OpenClawConfigInput,
} from "@clawfleet/config";
import { createLogger, silentLogger, type LogRecord } from "@clawfleet/log";
import { MetricsRegistry, Readiness, type RunningService } from "@clawfleet/runtime";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import type * as z from "zod";
import type { inboxInputSchema } from "@clawfleet/bus";
import type { AgentsOptions } from "../agents-options.js";
import { startAgents, type AgentsNetwork } from "../main.js";

/** A config object as a test writes it. */
export type TestConfig = OpenClawConfigInput;

/** One in-process agents worker. */
export interface TestWorker {
  bus: Bus;
  live: LiveConfig;
  service: RunningService;
  logs: LogRecord[];
}

/** Starts a private nats-server and provisions every stream, consumer and bucket. */
export async function startTestNats(): Promise<{
  nats: NatsTestServer;
  bus: Bus;
  connect(name: string): Promise<Bus>;
}> {
  const nats = await startNatsServer();
  const connect = (name: string) => connectBus({ servers: nats.url, name, logger: silentLogger });
  const bus = await connect("test-driver");
  await provision(bus, provisionPlan, silentLogger);
  return { nats, bus, connect };
}

/** Starts the agents service in this process on its own connection (with `options` for its timing). */
export async function startWorker(
  url: string,
  config: TestConfig,
  env: ClawEnv,
  instanceId = `test-${Math.random().toString(36).slice(2, 8)}`,
  options: Partial<AgentsOptions> = {},
  network: AgentsNetwork = {},
): Promise<TestWorker> {
  const logs: LogRecord[] = [];
  const root = createLogger(
    { service: "agents", instance: instanceId, level: "debug", format: "json" },
    { write: () => {} },
  );
  root.addSink((record) => void logs.push(record));
  const bus = await connectBus({ servers: url, name: instanceId, logger: root });
  const live = new LiveConfig(OpenClawConfigSchema.parse(config), "test", root);
  const controller = new AbortController();
  const service = await startAgents(
    {
      bus,
      config: live,
      env,
      logger: root.child({ service: "agents" }),
      rootLogger: root,
      instanceId,
      metrics: new MetricsRegistry(),
      readiness: new Readiness(),
      options: {},
      shutdownSignal: controller.signal,
    },
    options,
    network,
  );
  return { bus, live, service, logs };
}

/** Stops a worker and closes its connection. */
export async function stopWorker(worker: TestWorker): Promise<void> {
  await worker.service.stop();
  await worker.bus.close();
}

let counter = 0;

/** A channel input (untrusted, with a Telegram reply target) for a session. */
export function telegramInput(
  sessionKey: string,
  text: string,
  chatId = "100",
  overrides: Partial<InboxInput> = {},
): z.input<typeof inboxInputSchema> {
  const messageId = `${Date.now()}${++counter}`;
  const message = {
    channel: "telegram",
    accountId: "default",
    messageId,
    peer: { kind: "dm" as const, id: chatId },
    sender: { id: chatId, username: "alice" },
    text,
    timestamp: Date.now(),
  };
  return {
    id: `telegram:default:dm:${chatId}:${messageId}`,
    sessionKey,
    agentId: "main",
    text,
    source: "channel",
    message,
    replyTarget: {
      channel: "telegram",
      accountId: "default",
      peer: { kind: "dm", id: chatId },
      replyToMessageId: messageId,
    },
    receivedAt: Date.now(),
    ...overrides,
  };
}

/** An operator input from the web chat (trusted, answered through events only). */
export function webchatInput(
  sessionKey: string,
  text: string,
  runId: string,
): z.input<typeof inboxInputSchema> {
  return {
    id: `webchat:${runId}`,
    sessionKey,
    agentId: "main",
    text,
    source: "webchat",
    runId,
    trusted: true,
    receivedAt: Date.now(),
  };
}

/** Submits inputs like a channel would. */
export async function submit(
  bus: Bus,
  ...inputs: z.input<typeof inboxInputSchema>[]
): Promise<void> {
  for (const input of inputs) await submitInput(bus, input);
}

/** Every message stored in OUTBOX now (after the stream's own dedupe), oldest first. */
export async function outboxMessages(bus: Bus): Promise<OutboxMessage[]> {
  const outbox = bus.stream(Outbox);
  const state = await outbox.info();
  const out: OutboxMessage[] = [];
  for (let seq = state.firstSeq; seq <= state.lastSeq && state.messages > 0; seq++) {
    // a sequence the stream no longer holds reads as nothing; an invalid message still throws
    const stored = await outbox.get(seq).catch((error: unknown) => {
      if (error instanceof PayloadError) throw error;
      return undefined;
    });
    if (stored) out.push(stored.data);
  }
  return out;
}

/**
 * Polls OUTBOX until `predicate` holds for its messages; returns them. A failed read (the test's own
 * connection still reconnecting, JetStream still recovering after a server restart) is retried.
 */
export async function waitForOutbox(
  bus: Bus,
  predicate: (messages: OutboxMessage[]) => boolean,
  timeoutMs = 20_000,
): Promise<OutboxMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let messages: OutboxMessage[] = [];
  let lastError: unknown;
  for (;;) {
    try {
      messages = await outboxMessages(bus);
      lastError = undefined;
      if (predicate(messages)) return messages;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `outbox condition not met within ${timeoutMs} ms; have ${messages.length}: ${JSON.stringify(messages.map((m) => m.text)).slice(0, 2000)}${lastError ? `; last read failed: ${String(lastError)}` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Records every agent event published on the bus. */
export function recordEvents(bus: Bus): { events: AgentEvent[]; stop(): void } {
  const events: AgentEvent[] = [];
  const sub = bus.subscribe(AgentEvents, {}, (event) => void events.push(event));
  return { events, stop: () => sub.unsubscribe() };
}

/** Waits until `check` is true. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
