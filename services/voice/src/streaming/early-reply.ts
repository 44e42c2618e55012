import { AgentEvents, type Bus, type BusSubscription } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { DeltaSentences } from "./delta-sentences.js";

interface Delta {
  runIds: string[];
  text: string;
}

/**
 * Follows the agent's streamed text (`agent.events`) of one caller turn, so its first sentences
 * are spoken while the rest is still being written; the complete reply still comes from OUTBOX and
 * only its unspoken rest is said then. Subscribed before the turn is submitted (a fast agent's
 * deltas are kept until the input id is known).
 */
export class EarlyReply {
  readonly sentences = new DeltaSentences();
  /** Set when the caller talked over the early speech: the complete reply is then not said. */
  interrupted = false;
  #inputId: string | undefined;
  #held: Delta[] = [];
  #done = false;
  readonly #subscription: BusSubscription;

  constructor(
    bus: Bus,
    sessionKey: string,
    private readonly speak: (sentences: string[]) => void,
  ) {
    this.#subscription = bus.subscribe(
      AgentEvents,
      { session: sessionToken(sessionKey) },
      (event) => {
        if (this.#done) return;
        const runIds = [event.runId, ...event.runIds];
        if (event.type === "delta") this.#take({ runIds, text: event.text });
        else if (
          (event.type === "final" || event.type === "lifecycle") &&
          this.#inputId &&
          runIds.includes(this.#inputId) &&
          (event.type === "final" || event.phase !== "start")
        )
          this.close();
      },
    );
  }

  /** The inbox input id of the turn (known once the transcript is submitted). */
  follow(inputId: string): void {
    this.#inputId = inputId;
    const held = this.#held;
    this.#held = [];
    for (const delta of held) this.#take(delta);
  }

  #take(delta: Delta): void {
    if (!this.#inputId) {
      if (this.#held.length < 1000) this.#held.push(delta);
      return;
    }
    if (!delta.runIds.includes(this.#inputId)) return;
    const sentences = this.sentences.push(delta.text);
    if (sentences.length > 0 && !this.interrupted) this.speak(sentences);
  }

  /** Stops following (the reply is complete or the call moved on). */
  close(): void {
    this.#done = true;
    this.#subscription.unsubscribe();
  }
}
