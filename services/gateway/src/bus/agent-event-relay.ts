import { AgentEvents, type AgentEvent, type Bus } from "@clawfleet/bus";
import { ChatEventMapper, type MappedEvent } from "../domain/chat-event-mapper.js";
import type { RunRegistry } from "../domain/run-registry.js";
import { Scope } from "../protocol/scopes.js";

/** Where relayed events go: the connected clients. */
export interface EventBroadcaster {
  broadcast(event: string, payload: unknown, scope?: Scope): void;
  /** Sends to the clients subscribed to `topic`. */
  publish(topic: string, event: string, payload: unknown, scope?: Scope): void;
}

/** The topic `sessions.messages.subscribe` subscribes a client to. */
export function sessionMessagesTopic(sessionKey: string): string {
  return `session-messages:${sessionKey}`;
}

/** A listener for one run's mapped events (the OpenAI-compatible endpoint streams through this). */
export type RunListener = (mapped: MappedEvent, event: AgentEvent) => void;

const SWEEP_MS = 60_000;

/**
 * Follows `agent.events.v1.*` for every session and relays each event to clients with
 * `operator.read` as OpenClaw `chat` and `agent` events, keeping the run registry up to date.
 */
export class AgentEventRelay {
  readonly #mapper = new ChatEventMapper();
  readonly #listeners = new Map<string, Set<RunListener>>();
  #subscription: ReturnType<Bus["subscribe"]> | undefined;
  #sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly runs: RunRegistry,
    private readonly clients: EventBroadcaster,
  ) {}

  /** Subscribes to the events of every session. */
  start(): void {
    this.#subscription = this.bus.subscribe(AgentEvents, {}, (event) => this.#relay(event));
    this.#sweep = setInterval(() => {
      const now = Date.now();
      this.#mapper.sweep(now);
      this.runs.sweep(now);
    }, SWEEP_MS);
    this.#sweep.unref();
  }

  /** Calls `listener` with every event of a run until the returned function is called. */
  follow(runId: string, listener: RunListener): () => void {
    const set = this.#listeners.get(runId) ?? new Set();
    set.add(listener);
    this.#listeners.set(runId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(runId);
    };
  }

  /** Stops following the bus. */
  stop(): void {
    this.#subscription?.unsubscribe();
    clearInterval(this.#sweep);
  }

  #relay(event: AgentEvent): void {
    const now = Date.now();
    const mapped = this.#mapper.map(event, now);
    const runIds = mapped.agent.runIds;
    if (event.type === "lifecycle" && event.phase === "start")
      this.runs.started(runIds, event.sessionKey, now);
    if (mapped.outcome) this.runs.finished(runIds, event.sessionKey, mapped.outcome, now);
    if (mapped.chat) this.clients.broadcast("chat", mapped.chat, Scope.Read);
    if (mapped.chat?.state === "final" && mapped.chat.message)
      this.clients.publish(
        sessionMessagesTopic(event.sessionKey),
        "session.message",
        {
          sessionKey: event.sessionKey,
          runId: event.runId,
          messageId: mapped.chat.message.__openclaw?.id,
          message: mapped.chat.message,
          ts: now,
        },
        Scope.Read,
      );
    this.clients.broadcast("agent", mapped.agent, Scope.Read);
    if (event.type === "lifecycle" && event.phase !== "start" && event.phase !== "restart") {
      this.clients.broadcast(
        "sessions.changed",
        { sessionKey: event.sessionKey, reason: "run", ts: now },
        Scope.Read,
      );
    }
    for (const runId of runIds)
      for (const listener of this.#listeners.get(runId) ?? []) listener(mapped, event);
  }
}
