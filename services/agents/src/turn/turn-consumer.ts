import { consumeWork, Consumers, Turns, type Bus, type WorkItem, type WorkQueueHandle, type WorkVerdict } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";

/** How long one idle pull waits: short enough for a quick shutdown, long enough to stay quiet. */
const PULL_EXPIRES_MS = 2000;

type Handler = (item: WorkItem<{ sessionKey: string; seq: number }>) => Promise<WorkVerdict>;

/**
 * The TURNS consumer of this worker with `maxConcurrent` pull loops, resizable while running: a new
 * size starts a consumer of that size and retires the old one, whose running turns finish.
 */
export class TurnConsumer {
  #current: WorkQueueHandle;
  #size: number;
  readonly #retiring = new Set<Promise<void>>();

  constructor(private readonly bus: Bus, private readonly logger: Logger, private readonly handler: Handler, size: number) {
    this.#size = size;
    this.#current = this.#start(size);
  }

  /** Pull loops now (= turns this worker may run at once). */
  get size(): number {
    return this.#size;
  }

  /** Turns running now, including those of a retiring consumer. */
  get inFlight(): number {
    return this.#current.inFlight;
  }

  /** Changes how many turns may run at once. */
  resize(size: number): void {
    if (size === this.#size) return;
    const old = this.#current;
    this.#current = this.#start(size);
    this.logger.info(`turns per worker: ${this.#size} → ${size}`);
    this.#size = size;
    const retired: Promise<void> = old.stop().catch((error: unknown) => this.logger.warn("a retired turn consumer did not stop cleanly", { error })).finally(() => this.#retiring.delete(retired));
    this.#retiring.add(retired);
  }

  /** Stops pulling and waits for running handlers. */
  async stop(): Promise<void> {
    await Promise.all([this.#current.stop(), ...this.#retiring]);
  }

  #start(size: number): WorkQueueHandle {
    return consumeWork(this.bus, { consumer: Consumers.AgentTurns, subject: Turns, concurrency: size, handler: this.handler, logger: this.logger, pullExpiresMs: PULL_EXPIRES_MS });
  }
}
