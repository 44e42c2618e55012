import { CoreError } from "../errors.js";
import type { FenceSpan } from "./fence-spans.js";
import { findFenceSpans, spanContaining } from "./fence-spans.js";

/** Default outbound chunk limits (`textChunkLimit`): Discord 2000, Telegram 4000 characters. */
export const DEFAULT_CHUNK_LIMITS = { discord: 2000, telegram: 4000 } as const;

type Cut = { at: number; next: number };

function skipWhile(text: string, index: number, chars: string): number {
  let i = index;
  while (i < text.length && chars.includes(text[i] ?? "")) i++;
  return i;
}

/** Last occurrence of `needle` at an index in (min, from] that does not split a fence. */
function lastOutside(
  text: string,
  spans: readonly FenceSpan[],
  needle: string,
  min: number,
  from: number,
): number {
  let i = text.lastIndexOf(needle, from);
  while (i > min) {
    const span = spanContaining(spans, i);
    if (!span) return i;
    i = span.start - 1 > min ? text.lastIndexOf(needle, span.start - 1) : -1;
  }
  return -1;
}

/** The best cut in (pos, windowEnd] outside fences: paragraph, then line, then word boundary. */
function findSafeCut(
  text: string,
  spans: readonly FenceSpan[],
  pos: number,
  windowEnd: number,
): Cut | undefined {
  const paragraph = lastOutside(text, spans, "\n\n", pos, windowEnd);
  if (paragraph > pos) return { at: paragraph, next: skipWhile(text, paragraph, "\r\n") };
  const line = lastOutside(text, spans, "\n", pos, windowEnd);
  if (line > pos) return { at: line, next: skipWhile(text, line, "\r\n") };
  const space = Math.max(
    lastOutside(text, spans, " ", pos, windowEnd),
    lastOutside(text, spans, "\t", pos, windowEnd),
  );
  if (space > pos) return { at: space, next: skipWhile(text, space, " \t") };
  return undefined;
}

/** An end index that does not separate a surrogate pair. */
function safeEnd(text: string, pos: number, end: number): number {
  const code = text.charCodeAt(end - 1);
  return end - 1 > pos && code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

/** Whether a fence can be closed and reopened within the limit with room for content. */
function repairable(span: FenceSpan, limit: number): boolean {
  return span.openLine.length + 1 + 1 + span.marker.length + 1 <= limit;
}

/** Splits inside a fence too long for one chunk: close it at the chunk end, reopen it in the next. */
function splitInsideFence(
  text: string,
  span: FenceSpan,
  pos: number,
  limit: number,
): { chunk: string; next: number } {
  const prefix = pos > span.start ? `${span.openLine}\n` : "";
  const suffix = `\n${span.marker}`;
  const end = pos + limit - prefix.length - suffix.length;
  // Starting at the opening line, the chunk must hold at least one content character.
  const openEnd = text.indexOf("\n", span.start);
  const min = pos > span.start ? pos : openEnd === -1 ? span.end : openEnd;
  const newline = text.lastIndexOf("\n", end);
  if (newline > min)
    return { chunk: prefix + text.slice(pos, newline) + suffix, next: newline + 1 };
  const hard = safeEnd(text, pos, Math.max(end, min + 1));
  return { chunk: prefix + text.slice(pos, hard) + suffix, next: hard };
}

/** One step of the chunker: the next chunk (possibly empty after trimming) and where to continue. */
function nextChunk(
  text: string,
  spans: readonly FenceSpan[],
  pos: number,
  limit: number,
): { chunk: string; next: number } {
  const inside = spanContaining(spans, pos);
  const prefix = inside && repairable(inside, limit) ? `${inside.openLine}\n` : "";
  if (prefix.length + text.length - pos <= limit)
    return { chunk: (prefix + text.slice(pos)).trimEnd(), next: text.length };
  const cut = findSafeCut(text, spans, pos, pos + limit - prefix.length);
  if (cut) return { chunk: (prefix + text.slice(pos, cut.at)).trimEnd(), next: cut.next };
  const fence = inside ?? spans.find((span) => span.start === pos);
  if (fence && repairable(fence, limit)) return splitInsideFence(text, fence, pos, limit);
  const hard = safeEnd(text, pos, pos + limit);
  return { chunk: text.slice(pos, hard), next: hard };
}

/**
 * Splits outbound text into chunks of at most `limit` UTF-16 units, preferring paragraph, then
 * line, then word boundaries and never splitting inside a fenced code block; a block that alone
 * exceeds the limit is closed at the chunk end and reopened (same info string) in the next chunk,
 * so every chunk renders on its own. Deterministic; whitespace-only text gives no chunks.
 */
export function chunkText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new CoreError(
      "invalid_chunk_limit",
      `chunk limit must be a positive integer, got ${limit}`,
    );
  }
  const spans = findFenceSpans(text);
  const chunks: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (!spanContaining(spans, pos)) pos = skipWhile(text, pos, "\r\n");
    if (pos >= text.length) break;
    const { chunk, next } = nextChunk(text, spans, pos, limit);
    if (chunk.trim() !== "") chunks.push(chunk);
    pos = next;
  }
  return chunks;
}
