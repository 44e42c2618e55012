export { createLogger, silentLogger } from "./logger.js";
export type {
  Logger,
  LogFields,
  LogSink,
  LoggerOptions,
  LoggerExtras,
  RootLogger,
} from "./logger.js";
export { LogLevels, levelWeight, parseLogLevel } from "./levels.js";
export type { LogLevel } from "./levels.js";
export { LogFormats, formatJson, formatPretty, taggedMessage } from "./format.js";
export type { LogFormat, LogRecord } from "./format.js";
export { Redactor, REDACTED, SECRET_ENV_NAME } from "./redactor.js";
export { newTraceId, withTrace, currentTraceId } from "./trace-context.js";
export { streamOutput } from "./stream-output.js";
export type { LineStream, StreamOutput } from "./stream-output.js";
