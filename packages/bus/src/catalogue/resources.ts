import type { BucketDef, ConsumerDef, ObjectStoreDef, StreamDef } from "./define.js";

const MiB = 1024 * 1024;
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

/**
 * Every JetStream stream of clawfleet. Sizes keep the total under ~1 GB so one small volume holds it.
 * Each `<prefix>.>` captures both a subject's `.v1` form and its pre-v1 form (kept for one release).
 */
export const Streams = {
  Inbox: {
    name: "INBOX",
    subjects: ["inbox.>"],
    retention: "limits",
    doc: "Per-session input log (`inbox.v1.<session>`); Nats-Msg-Id = platform message id, so redeliveries collapse.",
    maxAgeMs: 14 * DAY_MS,
    maxBytes: 128 * MiB,
    duplicateWindowMs: 20 * MIN_MS,
    allowDirect: true,
  },
  Turns: {
    name: "TURNS",
    subjects: ["turns.>"],
    retention: "workqueue",
    doc: "Work signals: session has new input up to a sequence; consumed by all agent workers.",
    maxBytes: 16 * MiB,
    duplicateWindowMs: 2 * MIN_MS,
  },
  Outbox: {
    name: "OUTBOX",
    subjects: ["outbox.>"],
    retention: "workqueue",
    doc: "Replies to deliver (`outbox.v1.<channel>.<account>`), consumed by the holder of that account.",
    maxBytes: 64 * MiB,
    duplicateWindowMs: 20 * MIN_MS,
  },
  Transcripts: {
    name: "TRANSCRIPTS",
    subjects: ["transcript.>"],
    retention: "limits",
    doc: "Append-only transcript entries per session (`transcript.v1.<session>`).",
    maxBytes: 512 * MiB,
    allowDirect: true,
  },
  Logs: {
    name: "LOGS",
    subjects: ["logs.>"],
    retention: "limits",
    doc: "Structured log lines of every service (`logs.v1.<service>`), for `logs.tail`.",
    maxAgeMs: 3 * DAY_MS,
    maxBytes: 64 * MiB,
    allowDirect: true,
  },
  DeadLetter: {
    name: "DEADLETTER",
    subjects: ["dlq.>"],
    retention: "limits",
    doc: "Messages that failed validation, were given up on, or exhausted max_deliver (`dlq.<reason>`).",
    maxAgeMs: 30 * DAY_MS,
    maxBytes: 32 * MiB,
    duplicateWindowMs: 20 * MIN_MS,
    allowDirect: true,
  },
} as const satisfies Record<string, StreamDef>;

/** Durable consumers known ahead of time (per-account outbox consumers are made by {@link outboxConsumer}). */
export const Consumers = {
  AgentTurns: {
    stream: "TURNS",
    name: "agent-turns",
    // Short, so a killed worker's signals come back within seconds; running turns report progress every 2/3 s.
    ackWaitMs: 2_000,
    maxDeliver: 20,
    maxAckPending: 10_000,
    doc: "Shared by every agent worker; each signal goes to one worker.",
  },
} as const satisfies Record<string, ConsumerDef>;

/**
 * The durable consumer of one channel account's outbox subject (`outbox.v1.<channel>.<account>`),
 * with, for one release, the durable of the pre-`.v1` subject (`outbox-<channel>-<account>` on
 * `outbox.<channel>.<account>`) provisioned and drained alongside.
 */
export function outboxConsumer(channel: string, accountId: string): ConsumerDef {
  const name = `outbox-${channel}-${accountId}`.replace(/[^a-zA-Z0-9_-]/g, "_");
  const common = {
    stream: "OUTBOX",
    ackWaitMs: 30_000,
    maxDeliver: 10,
    maxAckPending: 100,
  };
  return {
    ...common,
    name: `${name}-v1`,
    filterSubject: `outbox.v1.${channel}.${accountId}`,
    doc: `Deliveries for ${channel} account ${accountId}, consumed by its lease holder.`,
    legacy: {
      ...common,
      name,
      filterSubject: `outbox.${channel}.${accountId}`,
      doc: `Deliveries for ${channel} account ${accountId} left on the pre-v1 subject, drained for one release.`,
    },
  };
}

/** Every KV bucket of clawfleet. */
export const Buckets = {
  Sessions: {
    name: "sessions",
    doc: "Session state: id, last processed input, pending reply, model override, lease.",
  },
  Config: {
    name: "config",
    // Only the current revision: an old one may hold a secret the owner has since removed.
    history: 1,
    doc: "The validated openclaw.json (key `current`), watched by every service.",
  },
  Leases: {
    name: "leases",
    doc: "Ownership leases: one holder cluster-wide per channel account and other singletons.",
  },
  Pairing: {
    name: "pairing",
    doc: "DM pairing requests and approved senders per channel account.",
  },
  ChannelState: {
    name: "channel-state",
    doc: "Per-account connector state: Telegram update offset, status for channels.status.",
  },
  ChannelSecrets: {
    name: "channel-secrets",
    doc: "Channel credentials a connector creates itself (WhatsApp session keys), AES-256-GCM encrypted with CLAWFLEET_STATE_KEY.",
  },
  Deliveries: {
    name: "deliveries",
    ttlMs: 7 * DAY_MS,
    doc: "Outbox ids already delivered, so a redelivered message is never sent twice.",
  },
  VoiceCalls: {
    name: "voice-calls",
    ttlMs: 30 * DAY_MS,
    doc: "Voice calls: records with status and transcript (`call.<id>`), and the live-call slots (`active`).",
  },
  Workspace: {
    name: "workspace",
    // A few earlier revisions, so an unwanted edit of SOUL.md or MEMORY.md can be looked up and undone.
    history: 5,
    maxBytes: 256 * MiB,
    doc: "Agent workspaces: bootstrap files and memory (`<agentId>.<file>`, e.g. `main.SOUL.md`, `main.memory/2026-01-31.md`).",
  },
  CronJobs: {
    name: "cron-jobs",
    doc: "Scheduled jobs (`<jobId>`) with their next due time, and heartbeat state.",
  },
  CronRuns: {
    name: "cron-runs",
    ttlMs: 30 * DAY_MS,
    doc: "One claim per due time (`<jobId>.<dueAtMs>`): created by exactly one worker, so each due run fires once cluster-wide.",
  },
  MemoryVectors: {
    name: "memory-vectors",
    ttlMs: 90 * DAY_MS,
    maxBytes: 512 * MiB,
    doc: "Embeddings of memory chunks for semantic memory_search (`<agentId>.<sha256 of model and chunk text>`): an unchanged chunk is never embedded twice; rebuilt from the workspace when lost.",
  },
  Idempotency: {
    name: "idempotency",
    ttlMs: DAY_MS,
    doc: "Results of side-effecting gateway methods by idempotencyKey.",
  },
} as const satisfies Record<string, BucketDef>;

/** Every object store of clawfleet. */
export const ObjectStores = {
  Attachments: {
    name: "attachments",
    ttlMs: 30 * DAY_MS,
    maxBytes: 256 * MiB,
    doc: "Images sent with chat messages, named `sha256:<hex>` of their bytes (stored once however often sent); inputs and transcripts hold references.",
  },
} as const satisfies Record<string, ObjectStoreDef>;
