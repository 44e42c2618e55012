import type { TranscriptEntry } from "@clawfleet/bus";
import type { ChatMessage } from "../models/chat-model.js";
import { modelTextForEntry } from "./model-input.js";

/**
 * The conversation so far as the model sees it: user entries (channel text wrapped as untrusted)
 * and assistant replies; tool and system entries stay in the transcript only.
 */
export function historyMessages(entries: readonly TranscriptEntry[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const entry of entries) {
    if (entry.role === "user") out.push({ role: "user", content: [{ type: "text", text: modelTextForEntry(entry) }] });
    else if (entry.role === "assistant" && entry.text.trim()) out.push({ role: "assistant", content: [{ type: "text", text: entry.text }] });
  }
  return out;
}
