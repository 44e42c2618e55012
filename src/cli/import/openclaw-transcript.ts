import type { TranscriptEntry } from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import { IMPORT_LINE_MAX_BYTES, type ImportProblem } from "./import-plan.js";

/** A transcript JSONL file turned into clawfleet transcript entries. */
export interface ParsedTranscript {
  entries: TranscriptEntry[];
  /** The session header's start time (`type: "session"`), when there is one. */
  startedAt?: number;
  problems: ImportProblem[];
}

type Json = Record<string, unknown>;

const ROLES: Record<string, TranscriptEntry["role"]> = {
  user: "user",
  assistant: "assistant",
  toolResult: "tool",
  system: "system",
};

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text of an OpenClaw message content: a string, or the `text` parts of a part list. */
function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .flatMap((part) =>
      isObject(part) && part.type === "text" && typeof part.text === "string" ? [part.text] : [],
    )
    .join("\n");
}

function timestampOf(...candidates: unknown[]): number | undefined {
  for (const value of candidates) {
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
    if (typeof value === "string") {
      const parsed = Date.parse(value);
      if (!Number.isNaN(parsed)) return parsed;
    }
  }
  return undefined;
}

function usageOf(message: Json): TranscriptEntry["usage"] | undefined {
  const usage = message.usage;
  if (!isObject(usage)) return undefined;
  const input = Number(usage.input ?? usage.inputTokens ?? usage.input_tokens);
  const output = Number(usage.output ?? usage.outputTokens ?? usage.output_tokens);
  return Number.isFinite(input) && Number.isFinite(output)
    ? { inputTokens: input, outputTokens: output }
    : undefined;
}

/**
 * One `type: "message"` line as a transcript entry, or the problem with it. Tool calls inside an
 * assistant message are not carried over (their results are, as `tool` entries).
 */
function messageEntry(line: Json, sessionId: string, entryId: string): TranscriptEntry | string {
  const message = line.message;
  if (!isObject(message)) return "message: missing or not an object";
  const role = typeof message.role === "string" ? ROLES[message.role] : undefined;
  if (!role)
    return `message.role: ${JSON.stringify(message.role)} is not user, assistant, toolResult or system`;
  const text = contentText(message.content);
  if (text === undefined) return "message.content: neither a string nor a list of parts";
  const ts = timestampOf(message.timestamp, line.timestamp) ?? 0;
  const entry: TranscriptEntry = { role, text, ts, sessionId, entryId };
  if (role === "assistant" && typeof message.model === "string")
    entry.model =
      typeof message.provider === "string" ? `${message.provider}/${message.model}` : message.model;
  const usage = usageOf(message);
  if (usage) entry.usage = usage;
  if (role === "tool")
    entry.tool = {
      name: typeof message.toolName === "string" ? message.toolName : "tool",
      callId: typeof message.toolCallId === "string" ? message.toolCallId : entryId,
      ...(message.isError === true ? { isError: true } : {}),
    };
  return entry;
}

/**
 * A `type: "compaction"` line as a compaction entry (the summary, and how many entries before it
 * the model still sees: those from `firstKeptEntryId` on), or the name of the bad field.
 */
function compactionEntry(
  line: Json,
  sessionId: string,
  entryId: string,
  before: TranscriptEntry[],
  lineIds: Map<string, number>,
): TranscriptEntry | string {
  if (typeof line.summary !== "string") return "summary";
  const firstKept =
    typeof line.firstKeptEntryId === "string" ? lineIds.get(line.firstKeptEntryId) : undefined;
  const tokens = (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
  return {
    role: "system",
    text: line.summary,
    ts: timestampOf(line.timestamp) ?? 0,
    sessionId,
    entryId,
    compaction: {
      kept: firstKept === undefined ? 0 : before.length - firstKept,
      tokensBefore: tokens(line.tokensBefore),
      tokensAfter: tokens(line.tokensAfter),
      trigger: "threshold",
    },
  };
}

/**
 * Parses an OpenClaw transcript (JSONL: a `session` header, then `message` and `compaction`
 * lines in order). A bad line is reported with its number and skipped; the other lines are kept.
 * Entry ids are derived from the session id and the line's id, so importing twice finds them.
 */
export function parseOpenClawTranscript(
  text: string,
  file: string,
  sessionId: string,
): ParsedTranscript {
  const out: ParsedTranscript = { entries: [], problems: [] };
  const lines = text.split("\n");
  // OpenClaw line id → index of its entry, so a compaction's firstKeptEntryId becomes a count.
  const lineIds = new Map<string, number>();
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    if (raw.trim() === "") continue;
    const problem = (message: string, field?: string) =>
      out.problems.push({ file, line: lineNo, ...(field ? { field } : {}), message });
    if (Buffer.byteLength(raw) > IMPORT_LINE_MAX_BYTES) {
      problem(
        `line of ${Buffer.byteLength(raw)} bytes; the import stores lines of at most ${IMPORT_LINE_MAX_BYTES} bytes`,
      );
      continue;
    }
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch (error) {
      problem(`not JSON (${errorMessage(error)})`);
      continue;
    }
    if (!isObject(line) || typeof line.type !== "string") {
      problem("not an object with a string type", "type");
      continue;
    }
    const entryId = `openclaw:${sessionId}:${typeof line.id === "string" ? line.id : `line-${lineNo}`}`;
    if (line.type === "session") {
      const startedAt = timestampOf(line.timestamp);
      if (startedAt !== undefined) out.startedAt = startedAt;
    } else if (line.type === "message") {
      const entry = messageEntry(line, sessionId, entryId);
      if (typeof entry === "string") {
        const [field, ...rest] = entry.split(": ");
        problem(rest.join(": "), field);
      } else {
        if (typeof line.id === "string") lineIds.set(line.id, out.entries.length);
        out.entries.push(entry);
      }
    } else if (line.type === "compaction") {
      const entry = compactionEntry(line, sessionId, entryId, out.entries, lineIds);
      if (typeof entry === "string") problem("missing or not a string", entry);
      else out.entries.push(entry);
    }
    // Other line types (model changes, labels, extension state) carry no conversation.
  }
  return out;
}
