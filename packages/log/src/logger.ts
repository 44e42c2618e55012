import type { LogFormat, LogRecord } from "./format.js";
import { formatJson, formatPretty } from "./format.js";
import type { LogLevel } from "./levels.js";
import { levelWeight } from "./levels.js";
import { Redactor } from "./redactor.js";
import { capText, MAX_MESSAGE_CHARS, toLogValue } from "./serialize.js";
import { streamOutput } from "./stream-output.js";
import { currentTraceId } from "./trace-context.js";

/** Extra structured fields on a log line. */
export type LogFields = Record<string, unknown>;

/** Writes log lines; every service and package logs through this interface. */
export interface Logger {
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  fatal(msg: string, fields?: LogFields): void;
  /** A logger whose lines carry these fields too; `subsystem` becomes the `[tag]` of the message. */
  child(fields: LogFields & { subsystem?: string }): Logger;
  /** Whether lines of this level are written. */
  isEnabled(level: LogLevel): boolean;
}

/** Receives every record after redaction, with its rendered line; used for stdout and the bus LOGS stream. */
export type LogSink = (record: LogRecord, line: string) => void;

/** Required options of {@link createLogger}. */
export interface LoggerOptions {
  service: string;
  instance: string;
  level: LogLevel;
  format: LogFormat;
  /** ANSI colour on pretty lines (a terminal that shows colour); JSON lines are never coloured. */
  colour?: boolean;
}

/** Optional options of {@link createLogger}. */
export interface LoggerExtras {
  /** Where lines go; defaults to stdout, given up at its first failure (see {@link streamOutput}). */
  write?: (line: string) => void;
  /** Shared redactor; secrets registered on it are scrubbed from every line. */
  redactor?: Redactor;
  /** Trace id for lines written outside any traced work (start-up, timers). */
  bootTrace?: string;
}

/** The root logger of a process: a {@link Logger} that also takes extra sinks and a level change. */
export interface RootLogger extends Logger {
  readonly redactor: Redactor;
  addSink(sink: LogSink): () => void;
  setLevel(level: LogLevel): void;
}

interface LoggerState {
  options: LoggerOptions;
  redactor: Redactor;
  write: (line: string) => void;
  sinks: Set<LogSink>;
  bootTrace: string;
}

/** Creates the root logger of a process. */
export function createLogger(options: LoggerOptions, extras: LoggerExtras = {}): RootLogger {
  const state: LoggerState = {
    options: { ...options },
    redactor: extras.redactor ?? new Redactor(),
    write: extras.write ?? ((line) => streamOutput(process.stdout).write(line)),
    sinks: new Set(),
    bootTrace: extras.bootTrace ?? "boot",
  };
  const root = makeLogger(state, {});
  return Object.assign(root, {
    redactor: state.redactor,
    addSink(sink: LogSink) {
      state.sinks.add(sink);
      return () => state.sinks.delete(sink);
    },
    setLevel(level: LogLevel) {
      state.options.level = level;
    },
  });
}

function makeLogger(state: LoggerState, bound: LogFields): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (levelWeight[level] < levelWeight[state.options.level]) return;
    const extra = toLogValue({ ...bound, ...fields }, state.redactor) as LogFields;
    const record: LogRecord = {
      ts: Date.now(),
      level,
      service: state.options.service,
      instance: state.options.instance,
      trace: currentTraceId() ?? state.bootTrace,
      ...extra,
      msg: capText(msg, MAX_MESSAGE_CHARS),
    };
    const rendered =
      state.options.format === "json"
        ? formatJson(record)
        : formatPretty(record, state.options.colour ?? false);
    const line = state.redactor.scrub(rendered);
    state.write(line);
    if (state.sinks.size === 0) return;
    const clean = JSON.parse(state.redactor.scrub(JSON.stringify(record))) as LogRecord;
    for (const sink of state.sinks) sink(clean, line);
  };
  return {
    trace: (msg, fields) => emit("trace", msg, fields),
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    fatal: (msg, fields) => emit("fatal", msg, fields),
    child: (fields) => makeLogger(state, { ...bound, ...fields }),
    isEnabled: (level) => levelWeight[level] >= levelWeight[state.options.level],
  };
}

/** A logger that writes nothing, for code paths and tests that need one but not its output. */
export const silentLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
  child: () => silentLogger,
  isEnabled: () => false,
};
