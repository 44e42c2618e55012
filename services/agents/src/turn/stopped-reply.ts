import type { TranscriptEntry } from "@clawfleet/bus";

/**
 * What a turn the user stopped leaves besides its input, as OpenClaw keeps it: the text streamed
 * before Stop as an assistant entry marked `stopped` (so a reload still shows it and the model sees
 * where it was cut off), or nothing when nothing was streamed.
 */
export function stoppedReply(partial: string, sessionId: string, runId: string): TranscriptEntry[] {
  if (!partial.trim()) return [];
  return [{ role: "assistant", text: partial, ts: Date.now(), sessionId, runId, stopped: true }];
}
