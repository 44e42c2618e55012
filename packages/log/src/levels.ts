/** Log levels from most to least verbose, as a const list with a derived union. */
export const LogLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

/** One of the log levels. */
export type LogLevel = (typeof LogLevels)[number];

/** Numeric weight of each level, for threshold comparisons. */
export const levelWeight: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

/** Parses a level name case-insensitively, falling back when the name is unknown or empty. */
export function parseLogLevel(value: string | undefined, fallback: LogLevel): LogLevel {
  const lower = value?.trim().toLowerCase();
  return (LogLevels as readonly string[]).includes(lower ?? "") ? (lower as LogLevel) : fallback;
}
