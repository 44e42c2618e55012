import type { SessionState, SessionSummary, TranscriptEntry } from "@clawfleet/bus";

/** A session as `sessions.list` shows it. */
export function sessionSummary(state: SessionState): SessionSummary {
  return {
    key: state.key,
    sessionId: state.sessionId,
    agentId: state.agentId,
    updatedAt: state.updatedAt,
    createdAt: state.createdAt,
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.kind ? { kind: state.kind } : {}),
    ...(state.label || state.displayName ? { displayName: state.label ?? state.displayName } : {}),
    ...(state.lastModel || state.modelOverride
      ? { model: state.modelOverride ?? state.lastModel }
      : {}),
    totalTokens: state.inputTokens + state.outputTokens,
    ...(state.lastMessage ? { lastMessage: state.lastMessage } : {}),
  };
}

/** A transcript entry as `chat.history` and `sessions.preview` return it. */
export function historyMessage(entry: TranscriptEntry): {
  role: string;
  text: string;
  ts: number;
  runId?: string;
  model?: string;
} {
  return {
    role: entry.role,
    text: entry.text,
    ts: entry.ts,
    ...(entry.runId ? { runId: entry.runId } : {}),
    ...(entry.model ? { model: entry.model } : {}),
  };
}
