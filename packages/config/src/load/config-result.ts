import type { ConfigIssue } from "../issues/config-issue.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";

/** A config that loaded: the typed result plus every intermediate a caller may need. */
export interface ConfigLoadSuccess {
  readonly ok: true;
  /** The root file (absolute path). */
  readonly file: string;
  /** Validated config with defaults filled in (unknown keys dropped). */
  readonly config: OpenClawConfig;
  /** The JSON after `$include` and `${VAR}` resolution, before zod (unknown keys kept; holds env secrets). */
  readonly parsed: unknown;
  /** The JSON after `$include`, before `${VAR}` substitution: what the config snapshot distributes. */
  readonly document: unknown;
  /** The root file's JSON as written (`$include` and `${VAR}` unresolved): what a write-back should patch. */
  readonly source: unknown;
  /** The root file's text. */
  readonly raw: string;
  /** SHA-256 hex of `raw`. */
  readonly hash: string;
  /** Unknown keys and suspicious combinations; never fatal. */
  readonly warnings: readonly ConfigIssue[];
}

/** A config that did not load: why, with every problem as `{path, message}`. */
export interface ConfigLoadFailure {
  readonly ok: false;
  /** The root file (absolute path). */
  readonly file: string;
  /** True when the root file does not exist (callers with `--allow-unconfigured` then write a minimal one). */
  readonly missing: boolean;
  /** What is wrong; never empty. */
  readonly errors: readonly ConfigIssue[];
  /** Warnings found before the errors stopped the load. */
  readonly warnings: readonly ConfigIssue[];
}

/** Outcome of loading or parsing a config. */
export type ConfigLoadResult = ConfigLoadSuccess | ConfigLoadFailure;
