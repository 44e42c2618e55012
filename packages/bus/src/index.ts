// @clawfleet/bus — the typed NATS bus every service talks through.
export * from "./errors.js";
export { Bus } from "./core/bus.js";
export type {
  MessageContext,
  PublishAck,
  BusCounters,
  ServerInfo,
  JetStreamAccount,
  ConnectionStatus,
  BusSubscription,
} from "./core/bus-types.js";
export { connectBus, natsAuthFromEnv, ReconnectPolicy } from "./core/connect.js";
export type { NatsConnectOptions, NatsAuth } from "./core/connect.js";
export { issueLines, encodePayload, decodePayload } from "./core/codec.js";
export { BusHeader } from "./core/headers.js";
export {
  DeadLetterReason,
  deadLetterSubject,
  DEAD_LETTER_SUBJECTS,
} from "./core/dead-letter-subject.js";
export {
  fillSubject,
  subjectPattern,
  parseSubject,
  isValidSubjectToken,
} from "./core/subject-template.js";
export type { SubjectParams, SubjectParamNames } from "./core/subject-template.js";
export { subjectTemplates, parseVersionedSubject } from "./core/subject-versions.js";
export type { VersionedSubject } from "./core/subject-versions.js";
export * from "./catalogue/index.js";
export {
  provision,
  streamConfig,
  consumerConfig,
  plannedStreamNames,
} from "./jetstream/provision.js";
export type { ProvisionPlan, ProvisionReport, ProvisionOptions } from "./jetstream/provision.js";
export { consumeWork, Verdict, exponentialRetryDelay } from "./jetstream/work-queue.js";
export type {
  WorkItem,
  WorkVerdict,
  WorkQueueOptions,
  WorkQueueHandle,
} from "./jetstream/work-queue.js";
export { sweepExhausted } from "./jetstream/exhausted-messages.js";
export { readSubject, lastOnSubject } from "./jetstream/read-subject.js";
export { submitInput } from "./flows/submit-input.js";
export { putAttachment, getAttachment, attachmentRefFor } from "./objects/attachment-store.js";
export type { AttachmentInput } from "./objects/attachment-store.js";
export type { SubmittedInput } from "./flows/submit-input.js";
export { StreamHandle } from "./jetstream/stream-handle.js";
export type {
  StoredEntry,
  StoredPage,
  InvalidEntry,
  ReadOptions,
  StreamState,
} from "./jetstream/stream-handle.js";
export { TypedBucket, openBucket, updateWithRetry, isRevisionConflict } from "./kv/typed-bucket.js";
export type { Revisioned, BucketChange, CasResult } from "./kv/typed-bucket.js";
export { Lease, leaseRecordSchema, leaseStale, LEASE_CLOCK_SKEW_MS } from "./kv/lease.js";
export type { LeaseRecord, LeaseBucket } from "./kv/lease.js";
export { runLeaseCampaign, DEFAULT_LEASE_TTL_MS } from "./kv/lease-campaign.js";
export type { LeaseCampaign, LeaseCampaignOptions } from "./kv/lease-campaign.js";
export { registerServiceInstance, instanceInfoSchema } from "./discovery/service-instance.js";
export type { InstanceInfo, ServiceInstanceOptions } from "./discovery/service-instance.js";
export { listInstances } from "./discovery/list-instances.js";
export type { InstanceStats } from "./discovery/list-instances.js";
export { streamPlacements } from "./jetstream/stream-placement.js";
export type { StreamPlacement } from "./jetstream/stream-placement.js";
export { clusterTopology } from "./cluster/cluster-topology.js";
export { probeServers, resolveEndpoints } from "./cluster/probe-servers.js";
export { assessTopology, defaultReplicas, MIN_CLUSTER_SIZE } from "./cluster/topology.js";
export type { Topology, TopologyProblem, ServerIdentity } from "./cluster/topology.js";
