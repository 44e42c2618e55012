import { JetStreamApiError } from "@nats-io/jetstream";
import { Kvm, type KV, type KvEntry, type KvWatchOptions } from "@nats-io/kv";
import type * as z from "zod";
import type { BucketDef } from "../catalogue/define.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { decodePayload, encodePayload } from "../core/codec.js";
import { BusError, BusErrorCode } from "../errors.js";

/** A value read from a bucket with the revision that fences the next write. */
export interface Revisioned<T> {
  value: T;
  revision: number;
}

/** One change seen by a watch: a new value, or the key deleted. */
export type BucketChange<T> =
  | { key: string; revision: number; op: "put"; value: T }
  | { key: string; revision: number; op: "delete" };

const WRONG_LAST_SEQUENCE = 10071;

/** Whether an error is a failed compare-and-set (someone else wrote first). */
export function isRevisionConflict(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.code === WRONG_LAST_SEQUENCE;
  const message = (error as Error | undefined)?.message ?? "";
  return /wrong last sequence|key exists/i.test(message);
}

/**
 * Opens a provisioned bucket. Reads use direct gets (provisioning turns `allow_direct` on for every
 * bucket): Kvm.open otherwise reads through the JetStream API, a JSON round trip with a base64
 * payload and an audit advisory per read.
 */
export async function openBucket(bus: Bus, def: BucketDef): Promise<KV> {
  return new Kvm(natsHandles(bus).js).open(def.name, { allow_direct: true });
}

/** A KV bucket whose values are JSON validated by one schema; keys must be valid KV keys. */
export class TypedBucket<S extends z.ZodType> {
  constructor(
    readonly kv: KV,
    readonly schema: S,
    private readonly label: string,
  ) {}

  /** Opens a provisioned bucket for values of one schema. */
  static async open<S extends z.ZodType>(
    bus: Bus,
    def: BucketDef,
    schema: S,
  ): Promise<TypedBucket<S>> {
    return new TypedBucket(await openBucket(bus, def), schema, def.name);
  }

  /** The current value and revision, or undefined when the key is absent or deleted. */
  async get(key: string): Promise<Revisioned<z.output<S>> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== "PUT" || entry.length === 0) return undefined;
    return { value: this.#decode(key, entry), revision: entry.revision };
  }

  /** Writes a value whatever is there; returns the new revision. */
  put(key: string, value: z.input<S>): Promise<number> {
    return this.kv.put(key, this.#encode(key, value));
  }

  /** Writes only if the key is absent; a conflict throws (check with {@link isRevisionConflict}). */
  create(key: string, value: z.input<S>): Promise<number> {
    return this.kv.create(key, this.#encode(key, value));
  }

  /** Writes only if the key is still at `revision`; a conflict throws (check with {@link isRevisionConflict}). */
  update(key: string, value: z.input<S>, revision: number): Promise<number> {
    return this.kv.update(key, this.#encode(key, value), revision);
  }

  /** Deletes a key, only if it is still at `revision` when given. */
  async delete(key: string, revision?: number): Promise<void> {
    await this.kv.delete(key, revision === undefined ? undefined : { previousSeq: revision });
  }

  /** All keys (each once), optionally filtered by a KV key pattern. */
  async keys(filter?: string): Promise<string[]> {
    // The listing streams each key's last value until nothing is pending, so a key rewritten
    // while it runs comes again: keep each key once.
    const out = new Set<string>();
    for await (const key of await this.kv.keys(filter)) out.add(key);
    return [...out];
  }

  /** Watches keys (a pattern allowed); invalid values are reported through `onInvalid` and skipped. */
  async watch(
    options: Pick<KvWatchOptions, "key" | "include">,
    onChange: (change: BucketChange<z.output<S>>) => void,
    onInvalid?: (error: unknown) => void,
  ): Promise<() => void> {
    const iterator = await this.kv.watch(options);
    void (async () => {
      for await (const entry of iterator) {
        if (entry.operation !== "PUT") {
          onChange({ key: entry.key, revision: entry.revision, op: "delete" });
          continue;
        }
        try {
          onChange({
            key: entry.key,
            revision: entry.revision,
            op: "put",
            value: this.#decode(entry.key, entry),
          });
        } catch (error) {
          onInvalid?.(error);
        }
      }
    })();
    return () => iterator.stop();
  }

  #encode(key: string, value: z.input<S>): Uint8Array {
    return encodePayload(this.schema, `kv ${this.label}/${key}`, value);
  }

  #decode(key: string, entry: KvEntry): z.output<S> {
    return decodePayload(this.schema, `kv ${this.label}/${key}`, entry.value);
  }
}

/** Result of {@link updateWithRetry}. */
export interface CasResult<T> {
  value: T | undefined;
  revision: number | undefined;
  /** False when the mutator returned the value unchanged (`undefined` = leave as is). */
  changed: boolean;
}

/**
 * Compare-and-set with retry: reads the key, applies `mutate`, and writes only if nobody wrote in
 * between; on a conflict it reads again and re-applies, up to `attempts` times.
 */
export async function updateWithRetry<S extends z.ZodType>(
  bucket: TypedBucket<S>,
  key: string,
  mutate: (current: z.output<S> | undefined) => z.input<S> | undefined,
  attempts = 10,
): Promise<CasResult<z.output<S>>> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await bucket.get(key);
    const next = mutate(current?.value);
    if (next === undefined)
      return { value: current?.value, revision: current?.revision, changed: false };
    try {
      const revision = current
        ? await bucket.update(key, next, current.revision)
        : await bucket.create(key, next);
      return { value: bucket.schema.parse(next), revision, changed: true };
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
    }
  }
  throw new BusError(
    BusErrorCode.Conflict,
    `kv ${key}: still conflicting after ${attempts} attempts`,
  );
}
