import { randomUUID } from "node:crypto";
import type { SessionState } from "@clawfleet/bus";

/** The state of a session started afresh: new id, empty context (the transcript continues after the old entries). */
export function resetSession(
  state: SessionState,
  now: number,
  modelOverride?: string,
): SessionState {
  return {
    ...state,
    sessionId: randomUUID(),
    createdAt: now,
    updatedAt: now,
    transcriptStart: state.transcriptSeq + 1,
    modelOverride,
    inputTokens: 0,
    outputTokens: 0,
    compactions: undefined,
    cacheReadTokens: undefined,
    cacheWriteTokens: undefined,
    costUsd: undefined,
    lastMessage: undefined,
    abortedAt: undefined,
  };
}
