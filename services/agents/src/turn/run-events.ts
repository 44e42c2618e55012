import { AgentEvents, ChannelTyping, type AgentEvent, type Bus } from "@clawfleet/bus";
import type { ReplyTarget } from "@clawfleet/core";

type EventBody = AgentEvent extends infer E
  ? E extends AgentEvent
    ? Omit<E, "runId" | "runIds" | "sessionKey" | "seq" | "ts">
    : never
  : never;

/** Text deltas after a run's first are coalesced into one event per this many ms (smooth for a UI, a fraction of the messages). */
export const DELTA_FLUSH_MS = 50;

/** Publishes one run's events on `agent.events.v1.<session>` with the run ids and a per-run counter. */
export class RunEvents {
  #seq = 0;
  #buffered = "";
  #timer: NodeJS.Timeout | undefined;
  #sentText = false;
  /** Text deltas received since the last model attempt began (a failover then announces a restart). */
  streamed = 0;
  #partial = "";

  constructor(
    private readonly bus: Bus,
    readonly sessionKey: string,
    private readonly token: string,
    readonly runId: string,
    readonly runIds: readonly string[],
  ) {}

  /** A model attempt begins: what earlier attempts streamed no longer counts. */
  beginAttempt(): void {
    this.streamed = 0;
    this.#partial = "";
  }

  /** The text the current attempt has streamed so far (what a stopped reply keeps). */
  get partialText(): string {
    return this.#partial;
  }

  /** Publishes one event (buffered text first); a bus hiccup never fails the turn (events are best effort, the reply is not). */
  emit(event: EventBody): void {
    this.#flush();
    this.#publish(event);
  }

  /** Adds streamed text: the run's first piece goes out at once (the first token is what a user waits for), later ones with the next event or within {@link DELTA_FLUSH_MS}. */
  delta(text: string): void {
    if (!text) return;
    this.streamed++;
    this.#partial += text;
    this.#buffered += text;
    if (!this.#sentText) {
      this.#sentText = true;
      this.#flush();
      return;
    }
    this.#timer ??= setTimeout(() => this.#flush(), DELTA_FLUSH_MS);
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#buffered) return;
    const text = this.#buffered;
    this.#buffered = "";
    this.#publish({ type: "delta", text });
  }

  #publish(event: EventBody): void {
    try {
      this.bus.publish(AgentEvents, { session: this.token }, {
        ...event,
        runId: this.runId,
        runIds: [...this.runIds],
        sessionKey: this.sessionKey,
        seq: ++this.#seq,
        ts: Date.now(),
      } as AgentEvent);
    } catch {
      // The connection is closing or reconnecting; the UI re-reads chat.history.
    }
  }
}

/** Asks the connector of a chat to show or stop "typing…". */
export function publishTyping(
  bus: Bus,
  sessionKey: string,
  target: ReplyTarget | undefined,
  state: "start" | "stop",
): void {
  if (!target) return;
  try {
    bus.publish(
      ChannelTyping,
      { channel: target.channel, account: target.accountId },
      { target, state, sessionKey },
    );
  } catch {
    // best effort
  }
}
