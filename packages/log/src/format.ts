import type { LogLevel } from "./levels.js";

/** One structured log record, as written to the JSON sink. */
export interface LogRecord {
  /** Milliseconds since the epoch. */
  ts: number;
  level: LogLevel;
  service: string;
  instance: string;
  trace: string;
  /** Subsystem tag printed as `[tag]` in front of the message, e.g. `gateway` or `discord`. */
  subsystem?: string;
  msg: string;
  [field: string]: unknown;
}

/** Output styles: one JSON object per line, or a readable terminal line. */
export const LogFormats = ["json", "pretty"] as const;
/** One of the output styles. */
export type LogFormat = (typeof LogFormats)[number];

const RESERVED = new Set(["ts", "level", "service", "instance", "trace", "subsystem", "msg"]);

/** The human message with its subsystem tag, e.g. `[gateway] listening on ws://0.0.0.0:3000 (PID 7)`. */
export function taggedMessage(record: LogRecord): string {
  return record.subsystem ? `[${record.subsystem}] ${record.msg}` : record.msg;
}

/** Renders a record as one JSON line; the message carries its tag so `fly logs` shows the documented text. */
export function formatJson(record: LogRecord): string {
  return JSON.stringify({ ...record, msg: taggedMessage(record) });
}

const ANSI = {
  reset: "\x1b[0m",
  dim: "\x1b[2m",
  bold: "\x1b[1m",
} as const;

/** Colour of each level's name on a terminal line. */
const LEVEL_COLOUR: Record<LogLevel, string> = {
  trace: "\x1b[90m",
  debug: "\x1b[36m",
  info: "\x1b[32m",
  warn: "\x1b[33m",
  error: "\x1b[31m",
  fatal: "\x1b[1;31m",
};

/** Levels whose terminal lines carry the trace id (the ones someone follows up on). */
const TRACED_LEVELS: ReadonlySet<LogLevel> = new Set(["warn", "error", "fatal"]);

/**
 * Renders a record as a terminal line: time, level, tagged message, then extra fields as key=value.
 * The trace id is shown on warn/error/fatal lines only; `colour` adds ANSI colour per level, with the
 * time and extra fields dimmed.
 */
export function formatPretty(record: LogRecord, colour = false): string {
  const time = new Date(record.ts).toISOString().slice(11, 23);
  const extras = Object.entries(record)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  if (TRACED_LEVELS.has(record.level)) extras.push(`trace=${record.trace}`);
  const tail = extras.join(" ");
  const level = record.level.toUpperCase().padEnd(5);
  const message = taggedMessage(record);
  if (!colour) {
    return [time, level, record.service, message, tail].filter((part) => part !== "").join(" ");
  }
  const paint = (code: string, text: string) => `${code}${text}${ANSI.reset}`;
  const parts = [
    paint(ANSI.dim, time),
    paint(LEVEL_COLOUR[record.level], level),
    paint(ANSI.bold, record.service),
    message,
  ];
  if (tail !== "") parts.push(paint(ANSI.dim, tail));
  return parts.join(" ");
}
