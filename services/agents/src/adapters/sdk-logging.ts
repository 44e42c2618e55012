import type { Logger } from "@clawfleet/log";

/** A vendor SDK's logger interface (both SDKs take `{error, warn, info, debug}`). */
export interface SdkLogger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

/** Routes an SDK's own log calls into the service log (never to the console). */
export function sdkLogger(logger: Logger): SdkLogger {
  const log = logger.child({ subsystem: "llm-sdk" });
  const fields = (rest: unknown[]) => (rest.length ? { detail: rest } : undefined);
  return {
    error: (message, ...rest) => log.warn(message, fields(rest)),
    warn: (message, ...rest) => log.debug(message, fields(rest)),
    info: (message, ...rest) => log.debug(message, fields(rest)),
    debug: (message, ...rest) => log.trace(message, fields(rest)),
  };
}

const reported = new Set<string>();

/**
 * Runs the synchronous start of an SDK call with `console.warn` captured: the Anthropic SDK warns
 * about deprecated models through the console on every request. The first distinct warning is
 * logged once at info level, repeats at debug. Safe because JavaScript runs this span alone.
 */
export function quietConsoleWarn<T>(logger: Logger, start: () => T): T {
  /* eslint-disable no-console -- the one place that captures a vendor SDK's console output */
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    const log = logger.child({ subsystem: "llm-sdk" });
    if (reported.has(text)) return log.debug(text);
    reported.add(text);
    log.info(text);
  };
  try {
    return start();
  } finally {
    console.warn = original;
  }
  /* eslint-enable no-console */
}
