import { listInstances, type Bus, type InstanceStats } from "@clawfleet/bus";

/** Live service instances on the bus, cached briefly so health, status and the UI don't each wait for replies. */
export class ServiceDirectory {
  #cached: { at: number; instances: InstanceStats[] } | undefined;
  #inflight: Promise<InstanceStats[]> | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly waitMs = 400,
  ) {}

  /** Every live instance (all services), at most `maxAgeMs` old. */
  async list(maxAgeMs = 2000): Promise<InstanceStats[]> {
    if (this.#cached && Date.now() - this.#cached.at <= maxAgeMs) return this.#cached.instances;
    this.#inflight ??= listInstances(this.bus, { waitMs: this.waitMs })
      .then((instances) => {
        this.#cached = { at: Date.now(), instances };
        return instances;
      })
      .finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  /**
   * Whether an instance of `service` answered in the last `maxAgeMs` (undefined when the list is
   * older; a refresh then starts in the background so the next call knows). Never waits.
   */
  knownRunning(service: string, maxAgeMs = 5000): boolean | undefined {
    if (!this.#cached || Date.now() - this.#cached.at > maxAgeMs) {
      void this.list(0).catch(() => undefined);
      return undefined;
    }
    return this.#cached.instances.some((i) => i.name === service);
  }

  /** True only when a fresh look confirms no instance of `service` is running (asks again when the cache says so). */
  async confirmedAbsent(service: string): Promise<boolean> {
    if (this.knownRunning(service) !== false) return false;
    return !(await this.list(0)).some((i) => i.name === service);
  }
}
