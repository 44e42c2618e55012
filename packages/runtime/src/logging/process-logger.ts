import {
  createLogger,
  newTraceId,
  parseLogLevel,
  Redactor,
  type LogFormat,
  type RootLogger,
} from "@clawfleet/log";

/** How a process decides its log format and level. */
export interface ProcessLoggerOptions {
  service: string;
  instance: string;
  /** `LOG_LEVEL`, else the config's `logging.level`. */
  level?: string;
  /** `LOG_FORMAT`, else the config's `logging.consoleStyle`, else JSON off a terminal and pretty on one. */
  format?: string;
  isTerminal: boolean;
  /** Environment whose secret-looking values are scrubbed from every line. */
  env: Record<string, string | undefined>;
}

/**
 * Whether terminal log lines get ANSI colour: a non-empty `FORCE_COLOR` forces it (off when "0"), a
 * non-empty `NO_COLOR` turns it off (no-color.org), else colour on a terminal that is not `TERM=dumb`.
 */
export function wantsColour(isTerminal: boolean, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0";
  const noColour = env.NO_COLOR;
  if (noColour !== undefined && noColour !== "") return false;
  return isTerminal && env.TERM !== "dumb";
}

/** Creates the root logger of a process, with every secret of the environment registered for redaction. */
export function createProcessLogger(options: ProcessLoggerOptions): RootLogger {
  const redactor = new Redactor();
  redactor.addFromEnv(options.env);
  const format: LogFormat =
    options.format === "json" || options.format === "pretty"
      ? options.format
      : options.isTerminal
        ? "pretty"
        : "json";
  return createLogger(
    {
      service: options.service,
      instance: options.instance,
      level: parseLogLevel(options.level, "info"),
      format,
      colour: format === "pretty" && wantsColour(options.isTerminal, options.env),
    },
    { redactor, bootTrace: `boot-${newTraceId().slice(0, 8)}` },
  );
}
