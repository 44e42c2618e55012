import { errorMessage } from "@clawfleet/core";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  configHash,
  parseConfigText,
  type ConfigLoadResult,
  type EnvRecord,
} from "@clawfleet/config";

/** What the config file on disk holds right now, validated. */
export interface ConfigFileState {
  /** Absolute path of the root file. */
  file: string;
  exists: boolean;
  /** The root file's text ("" when missing). */
  raw: string;
  /** Revision of what is on disk: SHA-256 of the root text, plus included files when there are any ("" when missing). */
  hash: string;
  result: ConfigLoadResult;
  /** Absolute paths of the files pulled in with `$include`. */
  includes: string[];
}

/** Reads and validates the config file, recording `$include`d files so their edits count as changes too. */
export function readConfigState(file: string, env: EnvRecord): ConfigFileState {
  const absolute = path.resolve(file);
  let raw: string;
  try {
    raw = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = code === "ENOENT" ? "file not found" : `cannot read: ${errorMessage(error)}`;
    return {
      file: absolute,
      exists: code !== "ENOENT",
      raw: "",
      hash: "",
      includes: [],
      result: {
        ok: false,
        file: absolute,
        missing: code === "ENOENT",
        errors: [{ path: "", message }],
        warnings: [],
      },
    };
  }
  return parseConfigState(absolute, raw, env);
}

/** Validates config text as if it were the file at `file` (for edits before they are written). */
export function parseConfigState(file: string, raw: string, env: EnvRecord): ConfigFileState {
  const included: { path: string; text: string }[] = [];
  const readFile = (includePath: string) => {
    const text = readFileSync(includePath, "utf8");
    included.push({ path: includePath, text });
    return text;
  };
  const result = parseConfigText(raw, { file, env, readFile });
  const hash =
    included.length === 0
      ? configHash(raw)
      : configHash(raw + included.map((i) => `\0${i.path}\0${i.text}`).join(""));
  return { file, exists: true, raw, hash, result, includes: included.map((i) => i.path) };
}
