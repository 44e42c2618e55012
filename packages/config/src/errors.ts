import { ClawError } from "@clawfleet/core";
import type { ConfigIssue } from "./issues/config-issue.js";
import { formatIssueLines } from "./report/format-config-report.js";

/** Every error code this package raises, as a const object with a derived union. */
export const ConfigErrorCode = {
  Invalid: "CONFIG_INVALID",
  EnvInvalid: "ENV_INVALID",
  WriteFailed: "CONFIG_WRITE_FAILED",
  TooLarge: "CONFIG_TOO_LARGE",
} as const;

/** One of the codes in {@link ConfigErrorCode}. */
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** Base class of every error thrown by `@clawfleet/config`. */
export class ConfigError extends ClawError<ConfigErrorCode> {
  override readonly name: string = "ConfigError";

  constructor(
    code: ConfigErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(code, message, { ...options, retryable: options.retryable ?? false });
  }
}

/** A config file (or text) failed validation; `issues` holds one `{path, message}` per problem. */
export class ConfigInvalidError extends ConfigError {
  override readonly name = "ConfigInvalidError";
  /** The file the config came from. */
  readonly file: string;
  /** What is wrong, one entry per problem. */
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(
      ConfigErrorCode.Invalid,
      [`Config invalid: ${file}`, ...formatIssueLines(issues)].join("\n"),
    );
    this.file = file;
    this.issues = issues;
  }
}

/** One or more environment variables hold values of the wrong shape (e.g. a non-numeric port). */
export class EnvInvalidError extends ConfigError {
  override readonly name = "EnvInvalidError";
  /** One entry per bad variable; `path` is the variable name. */
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      ConfigErrorCode.EnvInvalid,
      ["Environment invalid:", ...formatIssueLines(issues)].join("\n"),
    );
    this.issues = issues;
  }
}

/** Writing the config file failed; the previous file is left untouched. */
export class ConfigWriteError extends ConfigError {
  override readonly name = "ConfigWriteError";
  /** The file that could not be written. */
  readonly file: string;

  constructor(file: string, cause: unknown) {
    super(
      ConfigErrorCode.WriteFailed,
      `cannot write config ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
        retryable: true,
      },
    );
    this.file = file;
  }
}

/** A config snapshot is larger than the NATS server accepts in one message: it cannot be distributed. */
export class ConfigTooLargeError extends ConfigError {
  override readonly name = "ConfigTooLargeError";

  constructor(
    /** Bytes of the serialized snapshot. */
    readonly size: number,
    /** The server's `max_payload`, minus room for headers. */
    readonly limit: number,
  ) {
    super(
      ConfigErrorCode.TooLarge,
      `the config is ${size} bytes serialized; the NATS server accepts at most ${limit} in one message (max_payload): make the file smaller`,
    );
  }
}
