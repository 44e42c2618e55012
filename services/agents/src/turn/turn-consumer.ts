import {
  consumeWork,
  Turns,
  type Bus,
  type ConsumerDef,
  type WorkItem,
  type WorkQueueHandle,
  type WorkVerdict,
} from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";

/** How long one idle pull waits: short enough for a quick shutdown, long enough to stay quiet. */
const PULL_EXPIRES_MS = 2000;

type Handler = (item: WorkItem<{ sessionKey: string; seq: number }>) => Promise<WorkVerdict>;

/** The TURNS consumer (`consumer`: the agent-turns durable with its ack wait) of this worker with `maxConcurrent` slots, resizable while running (running turns keep theirs). */
export class TurnConsumer {
  readonly #handle: WorkQueueHandle;
  #size: number;

  constructor(
    bus: Bus,
    private readonly logger: Logger,
    consumer: ConsumerDef,
    handler: Handler,
    size: number,
  ) {
    this.#size = size;
    this.#handle = consumeWork(bus, {
      consumer,
      subject: Turns,
      concurrency: size,
      handler,
      logger,
      pullExpiresMs: PULL_EXPIRES_MS,
    });
  }

  /** Slots now (= turns this worker may run at once). */
  get size(): number {
    return this.#size;
  }

  /** Turns running now. */
  get inFlight(): number {
    return this.#handle.inFlight;
  }

  /** Changes how many turns may run at once. */
  resize(size: number): void {
    if (size === this.#size) return;
    this.logger.info(`turns per worker: ${this.#size} → ${size}`);
    this.#size = size;
    this.#handle.resize(size);
  }

  /** Stops pulling and waits for running handlers. */
  async stop(): Promise<void> {
    await this.#handle.stop();
  }
}
