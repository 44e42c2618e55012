import type { TranscriptEntry } from "@clawfleet/bus";
import type { ChatMessage, ChatPart } from "../models/chat-model.js";
import { ImageNote, noteParts, textParts } from "./image-parts.js";
import { summaryMessageText, visibleEntries } from "./compaction-plan.js";
import { modelTextForEntry } from "./model-input.js";

/**
 * Each transcript entry's message, made once: a worker keeps a session's recent entries in memory and
 * sends them with every turn, so converting (and wrapping) only new entries keeps a turn's cost
 * independent of how long the conversation is. `null` = the entry is not shown to the model.
 */
const converted = new WeakMap<TranscriptEntry, ChatMessage | null>();

function messageFor(entry: TranscriptEntry): ChatMessage | null {
  if (entry.compaction)
    return { role: "user", content: [{ type: "text", text: summaryMessageText(entry.text) }] };
  if (entry.role === "user")
    return {
      role: "user",
      content: [
        ...textParts(modelTextForEntry(entry)),
        ...noteParts(entry.attachments ?? [], ImageNote.earlier),
      ],
    };
  if (entry.role === "assistant") {
    // Providers take no images from the assistant: a sent image is named so the model knows it went.
    const content = [
      ...textParts(entry.text.trim() ? entry.text : ""),
      ...noteParts(entry.attachments ?? [], ImageNote.sent),
    ];
    return content.length ? { role: "assistant", content } : null;
  }
  return null;
}

/**
 * The conversation so far as the model sees it: the last compaction's summary and what it kept,
 * then user entries (channel text wrapped as untrusted) and assistant replies (the images they sent
 * named as notes, so an images-only reply is not lost); tool and other
 * system entries stay in the transcript only. A user entry's images are notes ("shown earlier")
 * unless `replay` gives the parts to send again (the most recent few). The messages are
 * shared between turns: treat them as read-only.
 */
export function historyMessages(
  entries: readonly TranscriptEntry[],
  replay: ReadonlyMap<TranscriptEntry, ChatPart[]> = new Map(),
): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const entry of visibleEntries(entries)) {
    const images = replay.get(entry);
    if (images) {
      // Made for this turn only: the bytes are not kept with the cached messages.
      out.push({ role: "user", content: [...textParts(modelTextForEntry(entry)), ...images] });
      continue;
    }
    let message = converted.get(entry);
    if (message === undefined) {
      message = messageFor(entry);
      converted.set(entry, message);
    }
    if (message) out.push(message);
  }
  return out;
}
