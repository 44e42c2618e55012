import {
  Buckets,
  leaseStale,
  sessionStateSchema,
  Transcript,
  TypedBucket,
  type Bus,
  type SessionState,
  type TranscriptEntry,
} from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";

/** A session row as `sessions.list` shows it. */
export interface SessionRow {
  key: string;
  sessionId: string;
  agentId: string;
  updatedAt: number;
  createdAt: number;
  channel?: string;
  kind?: string;
  displayName?: string;
  /** Name given with `sessions.patch`. */
  label?: string;
  model?: string;
  /** `provider/model` set with `/model` or `sessions.patch` (absent: the configured model). */
  override?: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  lastMessage?: string;
  /** True while a worker holds the session's lease (a turn is running). */
  running: boolean;
}

/** A transcript entry as `chat.history` and `sessions.preview` return it. */
export interface HistoryEntry {
  role: TranscriptEntry["role"];
  text: string;
  ts: number;
  runId?: string;
  model?: string;
  usage?: { inputTokens: number; outputTokens: number };
  /** Set on a compaction entry (its `text` is the summary). */
  compaction?: TranscriptEntry["compaction"];
  /** Set on the note a failed turn leaves: the error the user was shown. */
  errorMessage?: string;
  /** Set on a reply the user stopped: `text` is what was streamed before Stop. */
  stopped?: boolean;
  /** Where the entry sits in the transcript stream (compaction markers are identified by it). */
  seq?: number;
  /** Images a user entry carries (references into the `attachments` object store). */
  attachments?: TranscriptEntry["attachments"];
}

/**
 * Reads sessions straight from the bus — the `sessions` KV bucket and the TRANSCRIPTS stream the
 * agents write — so read-only methods answer while no agents worker runs.
 */
export class SessionReader {
  private constructor(
    private readonly bus: Bus,
    private readonly bucket: TypedBucket<typeof sessionStateSchema>,
  ) {}

  /** Opens the sessions bucket. */
  static async open(bus: Bus): Promise<SessionReader> {
    return new SessionReader(
      bus,
      await TypedBucket.open(bus, Buckets.Sessions, sessionStateSchema),
    );
  }

  /** Every session (optionally of one agent), most recently updated first, at most `limit`. */
  async list(limit: number, agentId?: string): Promise<SessionRow[]> {
    const keys = await this.bucket.keys();
    const states = await Promise.all(keys.map((k) => this.bucket.get(k).catch(() => undefined)));
    return states
      .flatMap((s) => (s ? [s.value] : []))
      .filter((s) => !agentId || s.agentId === agentId)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit)
      .map(sessionRow);
  }

  /** One session's state, if it exists. */
  async get(key: string): Promise<SessionState | undefined> {
    return (await this.bucket.get(sessionToken(key)))?.value;
  }

  /** The usage the session's transcript records: each turn's and each compaction's model calls. */
  async usage(row: Pick<SessionRow, "key" | "agentId">): Promise<UsageRecord[]> {
    const stored = await this.bus
      .stream(Transcript)
      .readAll({ session: sessionToken(row.key) }, { fromSeq: 1 });
    return stored.flatMap(({ data }) =>
      data.usage
        ? [
            {
              ts: data.ts,
              sessionKey: row.key,
              agentId: row.agentId,
              sessionId: data.sessionId,
              ...(data.model ? { model: data.model } : {}),
              usage: data.usage,
            },
          ]
        : [],
    );
  }

  /** The last `limit` entries of the session's current id (oldest first), and whether there are more. */
  async history(
    state: SessionState,
    limit: number,
  ): Promise<{ entries: HistoryEntry[]; hasMore: boolean }> {
    if (state.transcriptSeq === 0) return { entries: [], hasMore: false };
    const stored = await this.bus
      .stream(Transcript)
      .readAll(
        { session: sessionToken(state.key) },
        { fromSeq: Math.max(1, state.transcriptStart) },
      );
    const current = stored.filter((e) => e.data.sessionId === state.sessionId);
    return {
      entries: current.slice(-limit).map((e) => historyEntry(e.data, e.seq)),
      hasMore: current.length > limit,
    };
  }
}

/** One model call's tokens from a session's transcript (every session id, resets included). */
export interface UsageRecord {
  ts: number;
  sessionKey: string;
  agentId: string;
  sessionId: string;
  model?: string;
  usage: NonNullable<TranscriptEntry["usage"]>;
}

/** A session state as a list row. */
export function sessionRow(state: SessionState): SessionRow {
  const model = state.modelOverride ?? state.lastModel;
  return {
    key: state.key,
    sessionId: state.sessionId,
    agentId: state.agentId,
    updatedAt: state.updatedAt,
    createdAt: state.createdAt,
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.kind ? { kind: state.kind } : {}),
    ...(state.displayName ? { displayName: state.displayName } : {}),
    ...(state.label ? { label: state.label } : {}),
    ...(model ? { model } : {}),
    ...(state.modelOverride ? { override: state.modelOverride } : {}),
    inputTokens: state.inputTokens,
    outputTokens: state.outputTokens,
    totalTokens: state.inputTokens + state.outputTokens,
    ...(state.lastMessage ? { lastMessage: state.lastMessage } : {}),
    running: state.lease !== undefined && !leaseStale(state.lease, Date.now()),
  };
}

function historyEntry(entry: TranscriptEntry, seq: number): HistoryEntry {
  return {
    role: entry.role,
    text: entry.text,
    ts: entry.ts,
    seq,
    ...(entry.compaction ? { compaction: entry.compaction } : {}),
    ...(entry.runId ? { runId: entry.runId } : {}),
    ...(entry.model ? { model: entry.model } : {}),
    ...(entry.usage ? { usage: entry.usage } : {}),
    ...(entry.errorMessage ? { errorMessage: entry.errorMessage } : {}),
    ...(entry.stopped ? { stopped: true } : {}),
    ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
  };
}
