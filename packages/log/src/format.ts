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

/** Renders a record as a terminal line: time, level, tagged message, then extra fields as key=value. */
export function formatPretty(record: LogRecord): string {
  const time = new Date(record.ts).toISOString().slice(11, 23);
  const extras = Object.entries(record)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const tail = [...extras, `trace=${record.trace}`].join(" ");
  return `${time} ${record.level.toUpperCase().padEnd(5)} ${record.service} ${taggedMessage(record)} ${tail}`;
}
