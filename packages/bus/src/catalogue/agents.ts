import { InboundMessageSchema, ReplyTargetSchema } from "@clawfleet/core";
import * as z from "zod";
import { attachmentListSchema } from "./attachments.js";
import { defineEvent, defineRequest, defineStreamSubject } from "./define.js";

/** Who put an input into a session's inbox. */
export const InputSources = ["channel", "webchat", "voice", "api", "agent", "cron"] as const;

/** One input to a session: the unit the agents turn into replies, in inbox order. */
export const inboxInputSchema = z.object({
  /** Dedupe id, also the JetStream `Nats-Msg-Id` (e.g. `inboundDedupeId(message)`, or the gateway's idempotencyKey). */
  id: z.string().min(1).max(256),
  sessionKey: z.string().min(1).max(512),
  agentId: z.string().min(1).max(64),
  text: z.string().max(100_000),
  source: z.enum(InputSources),
  /** The normalized platform message, when the input came from a channel. */
  message: InboundMessageSchema.optional(),
  /** Where replies go; absent for inputs answered only through events (web chat, API). */
  replyTarget: ReplyTargetSchema.optional(),
  /** Run id the gateway gave the client (chat.send / agent), echoed on agent events. */
  runId: z.string().max(128).optional(),
  /** True for operator input from the Control UI or API; channel text is untrusted user content. */
  trusted: z.boolean().default(false),
  receivedAt: z.number().int().nonnegative(),
  /** Set on inputs a scheduled job or the heartbeat put in: a heartbeat's HEARTBEAT_OK reply is not delivered. */
  cron: z.object({ jobId: z.string(), kind: z.enum(["job", "heartbeat"]) }).optional(),
  /** Images sent with the text (references into the `attachments` object store; `text` may then be empty). */
  attachments: attachmentListSchema.optional(),
});
/** One input to a session. */
export type InboxInput = z.infer<typeof inboxInputSchema>;

/** Inputs of a session, in order. */
export const Inbox = defineStreamSubject({
  name: "inbox",
  subject: "inbox.v1.{session}",
  legacySubject: "inbox.{session}",
  stream: "INBOX",
  schema: inboxInputSchema,
  doc: "Per-session input log; publish with msgID = input id.",
});

/** Work signal: the session's inbox has input up to `seq`. */
export const Turns = defineStreamSubject({
  name: "turns",
  subject: "turns.v1.{session}",
  legacySubject: "turns.{session}",
  stream: "TURNS",
  schema: z.object({ sessionKey: z.string().min(1), seq: z.number().int().positive() }),
  doc: "Signals agent workers that a session has new input; msgID = `<session>:<seq>`.",
});

/** A reply or message to deliver on a channel. */
export const outboxMessageSchema = z
  .object({
    /** Dedupe id: the same reply published twice has the same id and is delivered once. */
    id: z.string().min(1).max(256),
    target: ReplyTargetSchema,
    /** The text; empty only when the message carries attachments. */
    text: z.string().max(100_000),
    sessionKey: z.string().optional(),
    origin: z.enum(["agent", "send", "system"]).default("agent"),
    createdAt: z.number().int().nonnegative(),
    /** Images to send before the text (references into the `attachments` object store). */
    attachments: attachmentListSchema.optional(),
  })
  .refine((m) => m.text.length > 0 || (m.attachments?.length ?? 0) > 0, {
    message: "an outbox message needs text or attachments",
    path: ["text"],
  });
/** A reply or message to deliver. */
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/** Deliveries per channel account. */
export const Outbox = defineStreamSubject({
  name: "outbox",
  subject: "outbox.v1.{channel}.{account}",
  legacySubject: "outbox.{channel}.{account}",
  stream: "OUTBOX",
  schema: outboxMessageSchema,
  doc: "Text to deliver on one channel account; msgID = message id.",
});

/** One transcript entry. */
export const transcriptEntrySchema = z.object({
  role: z.enum(["user", "assistant", "tool", "system"]),
  text: z.string(),
  ts: z.number().int().nonnegative(),
  /** The session id (changes on reset) the entry belongs to. */
  sessionId: z.string(),
  inputSeq: z.number().int().positive().optional(),
  runId: z.string().optional(),
  model: z.string().optional(),
  sender: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  tool: z
    .object({
      name: z.string(),
      callId: z.string(),
      input: z.unknown().optional(),
      isError: z.boolean().optional(),
    })
    .optional(),
  /** Tokens the turn's model calls used, as the providers reported them (input excludes cache reads and writes). */
  usage: z
    .object({
      inputTokens: z.number(),
      outputTokens: z.number(),
      cacheReadTokens: z.number().optional(),
      cacheWriteTokens: z.number().optional(),
    })
    .optional(),
  /** Channel a user entry came from (`telegram`, `webchat`, …). */
  channel: z.string().optional(),
  /** True for channel text (untrusted user content); false or absent for operator input. */
  untrusted: z.boolean().optional(),
  /**
   * Set on a compaction entry (role `system`, `text` = the summary): the model sees the summary, the
   * `kept` entries stored just before this one and everything after; older entries stay stored.
   */
  compaction: z
    .object({
      kept: z.number().int().nonnegative(),
      tokensBefore: z.number().int().nonnegative(),
      tokensAfter: z.number().int().nonnegative(),
      /** What started it: the window nearly full, a provider's overflow error, or `/compact` / `sessions.compact`. */
      trigger: z.enum(["threshold", "overflow", "manual"]),
    })
    .optional(),
  /** Set on the note a failed turn leaves (role `system`): the error the user was shown. */
  errorMessage: z.string().optional(),
  /** Set on an assistant entry the user stopped: `text` is what was streamed before Stop. */
  stopped: z.boolean().optional(),
  /** Deterministic id (`<turn>:<n>`): a re-flushed turn after a crash is recognised and not stored twice. */
  entryId: z.string().max(256).optional(),
  /** Images the user sent with this entry (references into the `attachments` object store, never bytes). */
  attachments: attachmentListSchema.optional(),
});
/** One transcript entry. */
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/** Transcript of each session. */
export const Transcript = defineStreamSubject({
  name: "transcript",
  subject: "transcript.v1.{session}",
  legacySubject: "transcript.{session}",
  stream: "TRANSCRIPTS",
  schema: transcriptEntrySchema,
  doc: "Append-only transcript entries of a session.",
});

const eventBase = {
  runId: z.string(),
  /** Every run id this turn answers (collect mode folds several inputs into one turn). */
  runIds: z.array(z.string()).default([]),
  sessionKey: z.string(),
  /** Per-run counter, starting at 1. */
  seq: z.number().int().positive(),
  ts: z.number(),
};

/** Streaming and lifecycle events of an agent turn. */
export const agentEventSchema = z.discriminatedUnion("type", [
  z.object({
    ...eventBase,
    type: z.literal("lifecycle"),
    phase: z.enum(["start", "end", "error", "aborted", "restart"]),
    model: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({ ...eventBase, type: z.literal("delta"), text: z.string() }),
  z.object({
    ...eventBase,
    type: z.literal("final"),
    text: z.string(),
    silent: z.boolean().default(false),
    stopReason: z.string().optional(),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).optional(),
    /** The model that answered (`provider/model`). */
    model: z.string().optional(),
    /** Images the reply sends (its MEDIA: lines, stored in the `attachments` object store). */
    attachments: attachmentListSchema.optional(),
  }),
  z.object({
    ...eventBase,
    type: z.literal("tool"),
    phase: z.enum(["start", "end"]),
    name: z.string(),
    callId: z.string(),
    input: z.unknown().optional(),
    output: z.string().optional(),
    isError: z.boolean().optional(),
  }),
]);
/** One agent event. */
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** Agent events for the gateway to relay. */
export const AgentEvents = defineEvent({
  name: "agent.events",
  subject: "agent.events.v1.{session}",
  legacySubject: "agent.events.{session}",
  schema: agentEventSchema,
  doc: "Text deltas, tool start/end and lifecycle of agent turns.",
});

/** Ask whoever runs a turn of this session to stop it. */
export const AgentAbort = defineEvent({
  name: "agent.abort",
  subject: "agent.abort.v1.{session}",
  legacySubject: "agent.abort.{session}",
  schema: z.object({
    sessionKey: z.string(),
    runId: z.string().optional(),
    reason: z.string().default("aborted"),
  }),
  doc: "Stops the running turn of a session (chat.abort, /stop).",
});

/** Typing indicator requests for channel connectors. */
export const ChannelTyping = defineEvent({
  name: "channels.typing",
  subject: "channels.typing.v1.{channel}.{account}",
  legacySubject: "channels.typing.{channel}.{account}",
  schema: z.object({
    target: ReplyTargetSchema,
    state: z.enum(["start", "stop"]),
    sessionKey: z.string(),
  }),
  doc: "A turn for this target started or ended; the account holder shows or stops a typing indicator.",
});

/** Summary of one session for lists. */
export const sessionSummarySchema = z.object({
  key: z.string(),
  sessionId: z.string(),
  agentId: z.string(),
  updatedAt: z.number(),
  createdAt: z.number().optional(),
  channel: z.string().optional(),
  kind: z.string().optional(),
  displayName: z.string().optional(),
  model: z.string().optional(),
  totalTokens: z.number().optional(),
  lastMessage: z.string().optional(),
});
/** Summary of one session. */
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

const historyMessageSchema = z.object({
  role: z.string(),
  text: z.string(),
  ts: z.number(),
  runId: z.string().optional(),
  model: z.string().optional(),
});

/** Whether the agents process holding session leases under a name still runs. */
export const HolderAlive = defineRequest({
  name: "agents.holder.alive",
  subject: "agents.holder.{holder}.alive.v1",
  schema: z.object({}),
  reply: z.object({ alive: z.literal(true) }),
  timeoutMs: 2000,
  doc: "Answered by the live process whose lease holder hashes to {holder}; no responders = it is gone.",
});

/** Sessions known to the agents. */
export const SessionsList = defineRequest({
  name: "agents.sessions.list",
  subject: "agents.sessions.list.v1",
  schema: z.object({
    limit: z.number().int().positive().max(1000).optional(),
    agentId: z.string().optional(),
  }),
  reply: z.object({ sessions: z.array(sessionSummarySchema) }),
  doc: "Lists sessions, most recently updated first.",
});

const sessionKeyRequest = z.object({ key: z.string().min(1) });
const sessionChangeReply = z.object({ ok: z.boolean(), key: z.string(), sessionId: z.string() });

/** Start a session afresh. */
export const SessionsReset = defineRequest({
  name: "agents.sessions.reset",
  subject: "agents.sessions.reset.v1",
  schema: sessionKeyRequest,
  reply: sessionChangeReply,
  doc: "Resets a session: new session id, empty context.",
});

/** Forget a session. */
export const SessionsDelete = defineRequest({
  name: "agents.sessions.delete",
  subject: "agents.sessions.delete.v1",
  schema: sessionKeyRequest,
  reply: sessionChangeReply,
  doc: "Deletes a session's state and transcript.",
});

/** Longest session label `sessions.patch` accepts. */
export const SESSION_LABEL_MAX = 120;

/** Set or clear a session's label and model override. */
export const SessionsPatch = defineRequest({
  name: "agents.sessions.patch",
  subject: "agents.sessions.patch.v1",
  schema: z.object({
    key: z.string().min(1),
    /** A name for the session (`null` clears it). */
    label: z.string().trim().min(1).max(SESSION_LABEL_MAX).nullable().optional(),
    /** `provider/model` or an alias the next turns use (`null` goes back to the configured model). */
    model: z.string().trim().min(1).max(200).nullable().optional(),
  }),
  reply: z.object({
    ok: z.literal(true),
    key: z.string(),
    sessionId: z.string(),
    label: z.string().optional(),
    /** The model override now in force (absent: the configured model). */
    model: z.string().optional(),
  }),
  doc: "Patches a session's label and model override, creating the session if it has none yet.",
});

/** Last messages of several sessions. */
export const SessionsPreview = defineRequest({
  name: "agents.sessions.preview",
  subject: "agents.sessions.preview.v1",
  schema: z.object({
    keys: z.array(z.string()).max(100),
    limit: z.number().int().positive().max(50).optional(),
  }),
  reply: z.object({
    previews: z.array(z.object({ key: z.string(), messages: z.array(historyMessageSchema) })),
  }),
  doc: "Last messages per session key.",
});

/** Transcript of one session. */
export const ChatHistory = defineRequest({
  name: "agents.chat.history",
  subject: "agents.chat.history.v1",
  schema: z.object({
    sessionKey: z.string().min(1),
    limit: z.number().int().positive().max(1000).optional(),
  }),
  reply: z.object({
    sessionKey: z.string(),
    sessionId: z.string().optional(),
    messages: z.array(historyMessageSchema),
    hasMore: z.boolean(),
  }),
  doc: "Messages of a session's current transcript, oldest first.",
});

/** Models the agents can use. */
export const ModelsList = defineRequest({
  name: "agents.models.list",
  subject: "agents.models.list.v1",
  schema: z.object({}),
  reply: z.object({
    models: z.array(
      z.object({
        id: z.string(),
        provider: z.string(),
        name: z.string().optional(),
        available: z.boolean(),
        reason: z.string().optional(),
        /** Tokens the model's context holds, as the agents budget it. */
        contextWindow: z.number().int().positive().optional(),
        /** Short name from `agents.defaults.models` (`/model sonnet`). */
        alias: z.string().optional(),
        /** What the model takes in (OpenClaw's `input`): `["text", "image"]` when attached images reach it. */
        input: z.array(z.enum(["text", "image"])).optional(),
      }),
    ),
  }),
  doc: "Configured models and whether their provider has a key.",
});
