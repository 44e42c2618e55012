import type { TranscriptEntry } from "@clawfleet/bus";
import { estimateTokens, IMAGE_TOKENS } from "../models/context-window.js";

/** Characters of one entry given to the summariser (a long tool output says little more past this). */
const ENTRY_CHARS = 4000;

/** The summariser's instructions. */
export const COMPACTION_SYSTEM = [
  "You summarise the earlier part of a conversation between a user and an assistant so the assistant can continue it without the full text.",
  "Keep: decisions taken, facts the user stated about themselves, open questions and promised follow-ups, names, numbers, ids, URLs and file paths exactly as written.",
  "Drop small talk and anything already resolved. Write plain prose or short bullet points, at most 600 words, no preamble.",
].join("\n");

/** Where a session's transcript is cut: `older` is summarised, the last `kept` stored entries stay word for word. */
export interface CompactionPlan {
  older: TranscriptEntry[];
  kept: number;
  tokensBefore: number;
}

function entryTokens(entry: TranscriptEntry): number {
  return estimateTokens(entry.text) + 4 + (entry.attachments?.length ?? 0) * IMAGE_TOKENS;
}

/**
 * The entries the model still sees, oldest first: the last compaction (its summary), the `kept`
 * entries stored before it, and everything after it. Without a compaction: all of them.
 */
export function visibleEntries(entries: readonly TranscriptEntry[]): TranscriptEntry[] {
  const last = entries.findLastIndex((e) => e.compaction);
  if (last < 0) return [...entries];
  const marker = entries[last]!;
  const kept = entries
    .slice(Math.max(0, last - marker.compaction!.kept), last)
    .filter((e) => !e.compaction);
  return [marker, ...kept, ...entries.slice(last + 1)];
}

/** Estimated tokens of what the model sees of a transcript. */
export function visibleTokens(entries: readonly TranscriptEntry[]): number {
  return visibleEntries(entries).reduce((sum, e) => sum + entryTokens(e), 0);
}

/**
 * Chooses the cut: the newest entries worth at most `keepRecentTokens` stay (starting at a user
 * entry, so the kept tail opens as providers expect), the visible entries before them are
 * summarised. Null when there is nothing older to summarise.
 */
export function planCompaction(
  entries: readonly TranscriptEntry[],
  keepRecentTokens: number,
): CompactionPlan | null {
  const visible = visibleEntries(entries);
  const tokensBefore = visible.reduce((sum, e) => sum + entryTokens(e), 0);
  let cut = visible.length;
  let budget = keepRecentTokens;
  while (cut > 0 && !visible[cut - 1]!.compaction && entryTokens(visible[cut - 1]!) <= budget) {
    budget -= entryTokens(visible[cut - 1]!);
    cut--;
  }
  while (cut < visible.length && visible[cut]!.role !== "user") cut++;
  const older = visible.slice(0, cut);
  if (!older.some((e) => e.role === "user" || e.role === "assistant" || e.compaction)) return null;
  // `kept` counts stored entries, so it is measured on the full transcript, not the visible view.
  const firstKept = visible[cut];
  const kept = firstKept ? entries.length - entries.lastIndexOf(firstKept) : 0;
  return { older, kept, tokensBefore };
}

function line(entry: TranscriptEntry): string | null {
  const text =
    entry.text.length > ENTRY_CHARS ? `${entry.text.slice(0, ENTRY_CHARS)} […]` : entry.text;
  if (entry.compaction) return `Summary of what came before:\n${text}`;
  if (entry.role === "user")
    return `User${entry.sender?.name ? ` (${entry.sender.name})` : ""}: ${text}`;
  if (entry.role === "assistant") return text.trim() ? `Assistant: ${text}` : null;
  if (entry.role === "tool") return `Tool ${entry.tool?.name ?? "result"}: ${text}`;
  return null;
}

/** The summariser's input: the older entries as a dialogue, and the operator's focus if given. */
export function summaryRequest(older: readonly TranscriptEntry[], instructions?: string): string {
  const dialogue = older.flatMap((e) => line(e) ?? []).join("\n\n");
  const focus = instructions?.trim()
    ? `\n\nFocus of this summary (from the operator): ${instructions.trim().slice(0, 800)}`
    : "";
  return `Summarise this conversation:\n\n<conversation>\n${dialogue}\n</conversation>${focus}`;
}

/** How the summary is shown to the model at the start of the history. */
export function summaryMessageText(summary: string): string {
  return `[Summary of the earlier conversation, compacted to fit the context window]\n${summary}`;
}
