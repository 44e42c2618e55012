import * as path from "node:path";
import type { ConfigLoadResult } from "./config-result.js";
import { parseConfigText } from "./parse-config-text.js";
import { readConfigFileFromDisk } from "./resolve-includes.js";
import type { ReadConfigFile } from "./resolve-includes.js";
import type { EnvRecord } from "./substitute-env.js";

/** Reads and validates a config file; a missing file is a failure with `missing: true`, never a throw. */
export function loadConfigFile(
  file: string,
  env: EnvRecord,
  readFile: ReadConfigFile = readConfigFileFromDisk,
): ConfigLoadResult {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFile(absolute);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message =
      code === "ENOENT"
        ? "file not found"
        : `cannot read: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ok: false,
      file: absolute,
      missing: code === "ENOENT",
      errors: [{ path: "", message }],
      warnings: [],
    };
  }
  return parseConfigText(text, { file: absolute, env, readFile });
}
