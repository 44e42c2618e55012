import type { ReadConfigFile } from "../load/resolve-includes.js";
import { resolveConfigPath } from "../load/config-location.js";
import { loadConfigFile } from "../load/load-config-file.js";
import type { EnvRecord } from "../load/substitute-env.js";
import { configJsonSchema } from "../schema/json-schema.js";
import { formatConfigReport } from "./format-config-report.js";
import { getConfigValue } from "./get-config-value.js";

/** What a `clawfleet config …` subcommand prints and how it exits. */
export interface CommandOutput {
  /** 0 on success, 1 on an invalid config or a missing value. */
  readonly exitCode: 0 | 1;
  /** Text for stdout (on exit 0) or stderr (on exit 1), without a trailing newline. */
  readonly output: string;
}

/** `clawfleet config validate [file]`: the report of {@link formatConfigReport}; exit 0 valid, 1 invalid or missing. */
export function validateConfigFile(
  file: string | undefined,
  env: EnvRecord,
  readFile?: ReadConfigFile,
): CommandOutput {
  const result = loadConfigFile(file ?? resolveConfigPath(env), env, readFile);
  return { exitCode: result.ok ? 0 : 1, output: formatConfigReport(result) };
}

/** `clawfleet config schema`: the JSON Schema of `openclaw.json`, pretty-printed. */
export function configSchemaCommand(): CommandOutput {
  return { exitCode: 0, output: JSON.stringify(configJsonSchema(), null, 2) };
}

/**
 * `clawfleet config get <path> [file]`: the effective value (defaults applied) — strings raw,
 * everything else as JSON; exit 1 with the report when the config is invalid or the value is unset.
 */
export function configGetCommand(
  dottedPath: string,
  file: string | undefined,
  env: EnvRecord,
  readFile?: ReadConfigFile,
): CommandOutput {
  const result = loadConfigFile(file ?? resolveConfigPath(env), env, readFile);
  if (!result.ok) return { exitCode: 1, output: formatConfigReport(result) };
  const lookup = getConfigValue(result.config, dottedPath);
  if (!lookup.found) return { exitCode: 1, output: lookup.reason };
  const { value } = lookup;
  return {
    exitCode: 0,
    output: typeof value === "string" ? value : JSON.stringify(value, null, 2),
  };
}
