import type { TypedBucket } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { storedStatusSchema, StoredStatus } from "../domain/account-status.js";

/** The `channel-state` bucket holding status records. */
export type StatusBucket = TypedBucket<typeof storedStatusSchema>;

/** Activity timestamps are written at most this often; state changes are written at once. */
const ACTIVITY_FLUSH_MS = 1000;

/**
 * The status record of one account while this instance holds it: connection changes and errors
 * are written at once, inbound/outbound times at most once a second. Writes never throw (a
 * status write failing must not fail a delivery); they are retried with the next change.
 */
export class StatusRecorder {
  #record: StoredStatus;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly bucket: StatusBucket,
    private readonly key: string,
    instance: string,
    mode: string,
    private readonly log: Logger,
  ) {
    this.#record = { instance, connected: false, mode, updatedAt: Date.now() };
  }

  /** Carries over the previous holder's activity times and last error, so failover keeps the history. */
  async load(): Promise<void> {
    const previous = await this.bucket.get(this.key).catch(() => undefined);
    if (!previous) return;
    const { lastError, lastErrorAt, lastConnectedAt, lastInboundAt, lastOutboundAt, botName } =
      previous.value;
    this.#record = {
      ...this.#record,
      lastError,
      lastErrorAt,
      lastConnectedAt,
      lastInboundAt,
      lastOutboundAt,
      botName,
    };
  }

  /** The record as last set. */
  get current(): StoredStatus {
    return this.#record;
  }

  /** The connection came up or went down. */
  connection(connected: boolean, botName?: string): void {
    if (
      this.#record.connected === connected &&
      (botName === undefined || botName === this.#record.botName)
    )
      return;
    this.#update(
      {
        connected,
        ...(connected && !this.#record.connected ? { lastConnectedAt: Date.now() } : {}),
        ...(botName ? { botName } : {}),
      },
      true,
    );
  }

  /** Something the operator should see went wrong. */
  error(message: string): void {
    if (this.#record.lastError === message && Date.now() - (this.#record.lastErrorAt ?? 0) < 60_000)
      return;
    this.#update({ lastError: message, lastErrorAt: Date.now() }, true);
  }

  /** A message arrived. */
  inbound(): void {
    this.#update({ lastInboundAt: Date.now() }, false);
  }

  /** A message was delivered. */
  outbound(): void {
    this.#update({ lastOutboundAt: Date.now() }, false);
  }

  /** Writes what is pending and stops the timer. */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flush();
    await this.#writing;
  }

  #update(change: Partial<StoredStatus>, urgent: boolean): void {
    this.#record = { ...this.#record, ...change, updatedAt: Date.now() };
    if (urgent) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#flush();
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, ACTIVITY_FLUSH_MS).unref();
    }
  }

  #flush(): void {
    const snapshot = this.#record;
    this.#writing = this.#writing.then(async () => {
      try {
        await this.bucket.put(this.key, snapshot);
      } catch (error) {
        this.log.debug("could not write account status", { error });
      }
    });
  }
}
