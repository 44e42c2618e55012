import { StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import { nanos } from "@nats-io/transport-node";
import type { ObjectStoreDef } from "../catalogue/define.js";
import { natsHandles, type Bus } from "../core/bus.js";
import type { ProvisionReport } from "./provision.js";
import { alignStream } from "./stream-align.js";
import { streamInfo } from "./stream-info.js";

/** The stream an object store keeps its chunks and metadata in. */
export function objectStoreStreamName(def: ObjectStoreDef): string {
  return `OBJ_${def.name}`;
}

/**
 * An object store is a stream `OBJ_<store>`: created by the object-store library, later kept in line
 * with the definition (age, size, replicas — never lowered).
 */
export async function ensureObjectStore(
  bus: Bus,
  jsm: JetStreamManager,
  def: ObjectStoreDef,
  replicas: number,
  report: ProvisionReport,
): Promise<void> {
  const name = objectStoreStreamName(def);
  const current = await streamInfo(jsm, name);
  const wanted = {
    max_age: nanos(def.ttlMs),
    max_bytes: def.maxBytes,
    num_replicas: Math.max(replicas, current?.num_replicas ?? 0),
  };
  if (!current) {
    await new Objm(natsHandles(bus).js).create(def.name, {
      description: def.doc,
      ttl: wanted.max_age,
      max_bytes: wanted.max_bytes,
      replicas,
      storage: StorageType.File,
    });
    report.created.push(name);
    return;
  }
  await alignStream(jsm, name, current, wanted, report);
}
