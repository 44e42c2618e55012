import * as z from "zod";

/** `logging.level`: the least severe level written. */
export const LogLevel = {
  Trace: "trace",
  Debug: "debug",
  Info: "info",
  Warn: "warn",
  Error: "error",
  Fatal: "fatal",
  Silent: "silent",
} as const;
/** One of {@link LogLevel}. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** `logging.consoleStyle`: human-readable lines or one JSON object per line. */
export const ConsoleStyle = { Pretty: "pretty", Json: "json" } as const;
/** One of {@link ConsoleStyle}. */
export type ConsoleStyle = (typeof ConsoleStyle)[keyof typeof ConsoleStyle];

/** `logging`: level, console style and secret redaction. */
export const LoggingSchema = z.object({
  level: z.enum(LogLevel).default("info"),
  consoleStyle: z
    .enum(ConsoleStyle)
    .optional()
    .describe("default: pretty on a terminal, json otherwise"),
  // OpenClaw writes "off" | "tools"; true/false is accepted too. Parsed: a boolean.
  redactSensitive: z
    .union([z.boolean(), z.enum(["off", "tools"])])
    .transform((value) => value === true || value === "tools")
    .default(true)
    .describe('redact secrets in logs (true / "tools" = on, false / "off" = off)'),
});
