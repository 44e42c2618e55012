import type { Logger } from "@clawfleet/log";
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { nanos } from "@nats-io/transport-node";
import type { BucketDef, ConsumerDef, ObjectStoreDef, StreamDef } from "../catalogue/define.js";
import { natsHandles, type Bus } from "../core/bus.js";
import { BusError, BusErrorCode } from "../errors.js";
import { ensureObjectStore, objectStoreStreamName } from "./provision-object-store.js";
import { alignStream, sameValue } from "./stream-align.js";
import { streamInfo } from "./stream-info.js";

/** What one provisioning run did to each resource. */
export interface ProvisionReport {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/** The resources to provision. */
export interface ProvisionPlan {
  streams: readonly StreamDef[];
  consumers: readonly ConsumerDef[];
  buckets: readonly BucketDef[];
  /** Object stores (stream `OBJ_<name>` each); none when absent. */
  objectStores?: readonly ObjectStoreDef[];
}

const CONSUMER_NOT_FOUND = 10014;

/** Optional settings of {@link provision}. */
export interface ProvisionOptions {
  /** Replicas of every stream and bucket (default 1); an existing higher count is kept, never lowered. */
  replicas?: number;
}

/**
 * Creates or updates every stream, consumer and KV bucket of the plan; running it twice changes
 * nothing. Replicas are only ever raised: a stream an operator scaled up stays scaled up.
 */
export async function provision(
  bus: Bus,
  plan: ProvisionPlan,
  logger: Logger,
  options: ProvisionOptions = {},
): Promise<ProvisionReport> {
  const report: ProvisionReport = { created: [], updated: [], unchanged: [] };
  const jsm = await natsHandles(bus).jsm();
  const replicas = options.replicas ?? 1;
  for (const def of plan.streams) await ensureStream(jsm, def, replicas, report);
  for (const def of plan.buckets) await ensureBucket(bus, jsm, def, replicas, report);
  for (const def of plan.objectStores ?? [])
    await ensureObjectStore(bus, jsm, def, replicas, report);
  for (const def of plan.consumers) {
    await ensureConsumer(jsm, def, report);
    if (def.legacy) await ensureConsumer(jsm, def.legacy, report);
  }
  const changed = [...report.created, ...report.updated];
  if (changed.length)
    logger.child({ subsystem: "bus" }).info(`provisioned ${changed.join(", ")}`, {
      created: report.created,
      updated: report.updated,
    });
  return report;
}

/**
 * The JetStream streams a plan stores data in: its streams, its buckets' `KV_<bucket>` streams and
 * its object stores' `OBJ_<store>` streams.
 */
export function plannedStreamNames(plan: ProvisionPlan): string[] {
  return [
    ...plan.streams.map((s) => s.name),
    ...plan.buckets.map((b) => `KV_${b.name}`),
    ...(plan.objectStores ?? []).map(objectStoreStreamName),
  ];
}

/** The stream settings a definition asks for, in the server's vocabulary, with `replicas` copies. */
export function streamConfig(
  def: StreamDef,
  replicas = 1,
): Partial<StreamConfig> & { name: string } {
  const config: Partial<StreamConfig> & { name: string } = {
    name: def.name,
    subjects: [...def.subjects],
    retention: def.retention === "workqueue" ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: replicas,
    max_age: nanos(def.maxAgeMs ?? 0),
    max_bytes: def.maxBytes ?? -1,
    max_msgs_per_subject: def.maxMsgsPerSubject ?? -1,
    allow_direct: def.allowDirect ?? false,
  };
  if (def.duplicateWindowMs !== undefined) config.duplicate_window = nanos(def.duplicateWindowMs);
  return config;
}

/** A KV bucket is a stream `KV_<bucket>`: created by the KV library, later kept in line with the definition. */
async function ensureBucket(
  bus: Bus,
  jsm: JetStreamManager,
  def: BucketDef,
  replicas: number,
  report: ProvisionReport,
): Promise<void> {
  const name = `KV_${def.name}`;
  const current = await streamInfo(jsm, name);
  // allow_direct: reads are direct gets (openBucket relies on it); the KV library sets it on 2.9+.
  const wanted = {
    max_msgs_per_subject: def.history ?? 1,
    max_age: nanos(def.ttlMs ?? 0),
    max_bytes: def.maxBytes ?? -1,
    allow_direct: true,
    num_replicas: Math.max(replicas, current?.num_replicas ?? 0),
  };
  if (!current) {
    await new Kvm(natsHandles(bus).js).create(def.name, {
      history: wanted.max_msgs_per_subject,
      ttl: def.ttlMs ?? 0,
      max_bytes: wanted.max_bytes,
      replicas,
    });
    report.created.push(name);
    return;
  }
  await alignStream(jsm, name, current, wanted, report);
}

async function ensureStream(
  jsm: JetStreamManager,
  def: StreamDef,
  replicas: number,
  report: ProvisionReport,
): Promise<void> {
  const current = await streamInfo(jsm, def.name);
  const wanted = streamConfig(def, Math.max(replicas, current?.num_replicas ?? 0));
  if (!current) {
    await jsm.streams.add(wanted);
    report.created.push(def.name);
    return;
  }
  if (current.retention !== wanted.retention) {
    throw new BusError(
      BusErrorCode.Conflict,
      `stream ${def.name} exists with retention ${current.retention}, wanted ${wanted.retention}: delete it to change`,
      { retryable: false },
    );
  }
  await alignStream(jsm, def.name, current, wanted, report);
}

/** The consumer settings a definition asks for. */
export function consumerConfig(
  def: ConsumerDef,
): Partial<ConsumerConfig> & { durable_name: string } {
  const config: Partial<ConsumerConfig> & { durable_name: string } = {
    durable_name: def.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(def.ackWaitMs),
    max_deliver: def.maxDeliver,
    max_ack_pending: def.maxAckPending ?? 1000,
  };
  if (def.filterSubject) config.filter_subject = def.filterSubject;
  return config;
}

async function ensureConsumer(
  jsm: JetStreamManager,
  def: ConsumerDef,
  report: ProvisionReport,
): Promise<void> {
  const label = `${def.stream}/${def.name}`;
  const wanted = consumerConfig(def);
  let current: ConsumerConfig | undefined;
  try {
    current = (await jsm.consumers.info(def.stream, def.name)).config;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND)) throw error;
  }
  if (!current) {
    await jsm.consumers.add(def.stream, wanted);
    report.created.push(label);
    return;
  }
  const differs = (Object.keys(wanted) as (keyof ConsumerConfig)[]).filter(
    (key) => !sameValue(current[key], wanted[key]),
  );
  if (differs.length === 0) {
    report.unchanged.push(label);
    return;
  }
  await jsm.consumers.update(def.stream, def.name, {
    ack_wait: wanted.ack_wait,
    max_deliver: wanted.max_deliver,
    max_ack_pending: wanted.max_ack_pending,
  });
  report.updated.push(`${label} (${differs.join(", ")})`);
}
