import { llm } from "./llm-behaviour.js";
import type { LlmBehaviour } from "./llm-behaviour.js";
import type { LlmRequestRecord } from "./llm-request.js";

/** Decides the behaviour for a request nothing was queued for. */
export type LlmResponder = (request: LlmRequestRecord) => LlmBehaviour;

/** The default responder: `echo: <last user text>`, so tests can assert order. */
export const echoResponder: LlmResponder = (request) => llm.text(`echo: ${request.lastUserText}`);

/** A responder that answers every request with the images it carried (see `llm.describeImages`). */
export const describeImagesResponder: LlmResponder = () => llm.describeImages();

/**
 * The scriptable responder shared by the LLM fakes: behaviours queued for a model win, then
 * behaviours queued for any model, then the default responder (echo unless replaced).
 */
export class LlmScript {
  readonly #queue: LlmBehaviour[] = [];
  readonly #byModel = new Map<string, LlmBehaviour[]>();
  #responder: LlmResponder = echoResponder;

  /** Queues behaviours for the next requests, whatever their model. */
  enqueue(...behaviours: LlmBehaviour[]): this {
    this.#queue.push(...behaviours);
    return this;
  }

  /** Queues behaviours for the next requests to `model`. */
  enqueueFor(model: string, ...behaviours: LlmBehaviour[]): this {
    const queue = this.#byModel.get(model) ?? [];
    queue.push(...behaviours);
    this.#byModel.set(model, queue);
    return this;
  }

  /** Replaces the default responder (used when nothing is queued). */
  respondWith(responder: LlmResponder): this {
    this.#responder = responder;
    return this;
  }

  /** Empties every queue and restores the echo responder. */
  reset(): void {
    this.#queue.length = 0;
    this.#byModel.clear();
    this.#responder = echoResponder;
  }

  /** Behaviours still queued (all models). */
  get pending(): number {
    return this.#queue.length + [...this.#byModel.values()].reduce((n, q) => n + q.length, 0);
  }

  /** Takes the behaviour for this request. */
  next(request: LlmRequestRecord): LlmBehaviour {
    return (
      this.#byModel.get(request.model)?.shift() ?? this.#queue.shift() ?? this.#responder(request)
    );
  }
}
