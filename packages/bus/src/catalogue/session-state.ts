import * as z from "zod";
import { outboxMessageSchema, transcriptEntrySchema } from "./agents.js";

// The agents' per-session record in KV `sessions`: its lease, the committed turn not yet published,
// and the counters and overrides the session carries between turns.

/** A session's lease: the worker running its turns now; written only by compare-and-set on the session state. */
export const sessionLeaseSchema = z.object({
  /** `<instanceId>/<turn token>` of the holder. */
  holder: z.string().min(1),
  /** Random per acquisition; the holder recognises its own lease by it. */
  token: z.string().min(1),
  acquiredAt: z.number(),
  renewedAt: z.number(),
  ttlMs: z.number().positive(),
});
/** A session lease. */
export type SessionLease = z.infer<typeof sessionLeaseSchema>;

/** A committed turn whose reply and transcript entries may not be published yet (re-published after a crash). */
export const pendingTurnSchema = z.object({
  /** Identifies the turn: `<first input seq>-<last input seq>`. */
  turnKey: z.string(),
  replies: z.array(outboxMessageSchema).default([]),
  transcript: z.array(transcriptEntrySchema).default([]),
});
/** A committed, not yet flushed turn. */
export type PendingTurn = z.infer<typeof pendingTurnSchema>;

/** What KV `sessions/<sessionToken(key)>` holds: the state of one session, owned by the agents service. */
export const sessionStateSchema = z.object({
  key: z.string(),
  agentId: z.string(),
  /** Changes on every reset (`/new`, `/reset`, daily or idle reset, `sessions.reset`). */
  sessionId: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** INBOX sequence of the last input handled; later inputs are pending. */
  lastSeq: z.number().int().nonnegative().default(0),
  /** TRANSCRIPTS sequence of the last entry stored for this key. */
  transcriptSeq: z.number().int().nonnegative().default(0),
  /** TRANSCRIPTS sequence where the current session id starts. */
  transcriptStart: z.number().int().nonnegative().default(0),
  /** Model chosen with `/model` or `/new <model>`, `provider/model`. */
  modelOverride: z.string().optional(),
  /** Model that answered last. */
  lastModel: z.string().optional(),
  inputTokens: z.number().nonnegative().default(0),
  outputTokens: z.number().nonnegative().default(0),
  /** Prompt-cache tokens of the current session id (reads and writes, as the providers reported them). */
  cacheReadTokens: z.number().nonnegative().optional(),
  cacheWriteTokens: z.number().nonnegative().optional(),
  /** US dollars the current session id cost, priced at each turn (absent: no price known yet). */
  costUsd: z.number().nonnegative().optional(),
  /** Compactions of the current session id (`/status` shows them). */
  compactions: z.number().int().nonnegative().optional(),
  channel: z.string().optional(),
  kind: z.string().optional(),
  displayName: z.string().optional(),
  /** Name given with `sessions.patch` (the Control UI's rename); shown in place of the display name. */
  label: z.string().optional(),
  lastMessage: z.string().optional(),
  /** When a turn of this session was last stopped (`/stop`, `chat.abort`). */
  abortedAt: z.number().optional(),
  pending: pendingTurnSchema.optional(),
  lease: sessionLeaseSchema.optional(),
});
/** The state of one session. */
export type SessionState = z.infer<typeof sessionStateSchema>;
