import { Buckets, TypedBucket, type Bus, type Revisioned } from "@clawfleet/bus";
import { ConfigTooLargeError } from "../errors.js";
import { CONFIG_KEY, configSnapshotSchema, type ConfigSnapshot } from "./config-snapshot.js";

// KV headers and the subject travel in the same message.
const HEADER_ROOM = 4096;

/** The `config` KV bucket: the one place every service reads the current config from. */
export class ConfigStore {
  private constructor(
    private readonly bucket: TypedBucket<typeof configSnapshotSchema>,
    private readonly maxPayload: () => number,
  ) {}

  /** Opens the provisioned `config` bucket. */
  static async open(bus: Bus): Promise<ConfigStore> {
    return new ConfigStore(
      await TypedBucket.open(bus, Buckets.Config, configSnapshotSchema),
      // NATS's default max_payload (1 MiB) until the server has announced its own.
      () => bus.serverInfo().maxPayload || 1024 * 1024,
    );
  }

  /** A {@link ConfigTooLargeError} when `snapshot` cannot travel in one message, else undefined. */
  checkSize(snapshot: ConfigSnapshot): ConfigTooLargeError | undefined {
    const size = Buffer.byteLength(JSON.stringify(snapshot));
    const limit = this.maxPayload() - HEADER_ROOM;
    return size > limit ? new ConfigTooLargeError(size, limit) : undefined;
  }

  /** The current snapshot and its revision, if any was published. */
  current(): Promise<Revisioned<ConfigSnapshot> | undefined> {
    return this.bucket.get(CONFIG_KEY);
  }

  /**
   * Publishes a snapshot; with `revision`, only if nobody published since (compare-and-set;
   * `0`: only if none was ever published). A lost race throws (check with `isRevisionConflict`).
   * One too large for the server is refused with {@link ConfigTooLargeError} (retrying cannot help).
   */
  async publish(snapshot: ConfigSnapshot, revision?: number): Promise<number> {
    const tooLarge = this.checkSize(snapshot);
    if (tooLarge) throw tooLarge;
    if (revision === undefined) return this.bucket.put(CONFIG_KEY, snapshot);
    return revision === 0
      ? this.bucket.create(CONFIG_KEY, snapshot)
      : this.bucket.update(CONFIG_KEY, snapshot, revision);
  }

  /** Calls `onSnapshot` with the current snapshot and every later one; returns a stop function. */
  watch(
    onSnapshot: (snapshot: ConfigSnapshot, revision: number) => void,
    onInvalid: (error: unknown) => void,
  ): Promise<() => void> {
    return this.bucket.watch(
      { key: CONFIG_KEY },
      (change) => {
        if (change.op === "put") onSnapshot(change.value, change.revision);
      },
      onInvalid,
    );
  }
}
