import {
  readSubject,
  Transcript,
  type Bus,
  type SessionState,
  type StoredEntry,
  type TranscriptEntry,
} from "@clawfleet/bus";
import { readTranscriptBulk } from "./transcript-reader.js";

/** How much transcript a worker keeps in memory: per session, and in total across sessions. */
export const HistoryLimits = {
  entries: 200,
  chars: 400_000,
  sessions: 2000,
  totalChars: 4_000_000,
} as const;

interface Cached {
  sessionId: string;
  /** Characters of text held, for the budgets. */
  chars: number;
  /** What this session counts for in the total (its `chars` when last touched). */
  counted: number;
  /** True once older entries were dropped to stay within the limits. */
  truncated: boolean;
  /** TRANSCRIPTS sequence up to which this cache is complete. */
  seq: number;
  entries: StoredEntry<TranscriptEntry>[];
}

/**
 * A worker's view of session transcripts: the recent entries of each session's current id, read
 * from TRANSCRIPTS once (in bulk) and then only forward (any worker may have appended since),
 * bounded per session and in total (least recently used sessions go first).
 */
export class TranscriptHistory {
  readonly #cache = new Map<string, Cached>();
  #totalChars = 0;

  constructor(private readonly bus: Bus) {}

  /** Recent entries of the session's current id, oldest first. */
  async recent(token: string, state: SessionState): Promise<TranscriptEntry[]> {
    let cached = this.#cache.get(token);
    if (!cached || cached.sessionId !== state.sessionId) {
      this.forget(token);
      cached = {
        sessionId: state.sessionId,
        chars: 0,
        counted: 0,
        truncated: false,
        seq: Math.max(0, state.transcriptStart - 1),
        entries: [],
      };
    }
    // transcriptSeq is the last entry stored for this key: nothing newer than the cache, nothing to read.
    if (state.transcriptSeq > cached.seq) {
      // A cold cache reads the whole session at once; a warm one only what other workers added since.
      const fresh =
        cached.entries.length === 0
          ? await readTranscriptBulk(this.bus, token, cached.seq + 1)
          : await readSubject(
              this.bus,
              Transcript,
              { session: token },
              { fromSeq: cached.seq + 1, limit: HistoryLimits.entries },
            );
      this.#add(cached, fresh);
    }
    this.#touch(token, cached);
    return cached.entries.map((e) => e.data);
  }

  /** The last `limit` entries of the session's current id (from memory when it holds enough), and whether there are more. */
  async read(
    token: string,
    state: SessionState,
    limit: number,
  ): Promise<{ entries: TranscriptEntry[]; hasMore: boolean }> {
    const recent = await this.recent(token, state);
    const truncated = this.#cache.get(token)?.truncated ?? false;
    if (limit <= recent.length || !truncated)
      return { entries: recent.slice(-limit), hasMore: recent.length > limit || truncated };
    const all = (await readTranscriptBulk(this.bus, token, Math.max(1, state.transcriptStart)))
      .filter((e) => e.data.sessionId === state.sessionId)
      .map((e) => e.data);
    return { entries: all.slice(-limit), hasMore: all.length > limit };
  }

  /** Adds entries this worker just stored, so the next turn needs no read. */
  appended(token: string, sessionId: string, entries: StoredEntry<TranscriptEntry>[]): void {
    const cached = this.#cache.get(token);
    if (!cached || cached.sessionId !== sessionId) return;
    this.#add(cached, entries);
    this.#touch(token, cached);
  }

  /** Forgets a session (reset, delete). */
  forget(token: string): void {
    const cached = this.#cache.get(token);
    if (!cached) return;
    this.#totalChars -= cached.counted;
    cached.counted = 0;
    this.#cache.delete(token);
  }

  /** Adds entries to a session's cache; the next {@link #touch} brings the total up to date. */
  #add(cached: Cached, entries: StoredEntry<TranscriptEntry>[]): void {
    for (const entry of entries) {
      if (entry.seq <= cached.seq) continue;
      cached.seq = entry.seq;
      if (entry.data.sessionId !== cached.sessionId) continue;
      cached.entries.push(entry);
      cached.chars += entry.data.text.length;
    }
    while (
      cached.entries.length > HistoryLimits.entries ||
      (cached.chars > HistoryLimits.chars && cached.entries.length > 1)
    ) {
      cached.chars -= cached.entries.shift()!.data.text.length;
      cached.truncated = true;
    }
  }

  /** Makes a session the most recently used (re-counting its size) and evicts the least recent beyond the budgets. */
  #touch(token: string, cached: Cached): void {
    this.forget(token);
    this.#cache.set(token, cached);
    cached.counted = cached.chars;
    this.#totalChars += cached.chars;
    while (
      this.#cache.size > 1 &&
      (this.#cache.size > HistoryLimits.sessions || this.#totalChars > HistoryLimits.totalChars)
    ) {
      this.forget(this.#cache.keys().next().value!);
    }
  }
}
