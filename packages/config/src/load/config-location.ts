import { homedir } from "node:os";
import * as path from "node:path";
import type { EnvRecord } from "./substitute-env.js";

/** The config file's name inside the state directory. */
export const CONFIG_FILE_NAME = "openclaw.json";

/** The state directory: `$OPENCLAW_STATE_DIR`, else `~/.openclaw` (home from `env.HOME`, else the OS). */
export function resolveStateDir(env: EnvRecord): string {
  const stateDir = nonEmpty(env.OPENCLAW_STATE_DIR);
  return stateDir === undefined ? path.join(home(env), ".openclaw") : expandHome(stateDir, env);
}

/** The config file: `$OPENCLAW_CONFIG_PATH`, else `<state dir>/openclaw.json`; always absolute. */
export function resolveConfigPath(env: EnvRecord): string {
  const explicit = nonEmpty(env.OPENCLAW_CONFIG_PATH);
  return explicit === undefined
    ? path.join(resolveStateDir(env), CONFIG_FILE_NAME)
    : expandHome(explicit, env);
}

/** `p` made absolute, with a leading `~` or `~/` taken from the home directory (`env.HOME`, else the OS). */
export function expandHome(p: string, env: EnvRecord): string {
  if (p === "~") return home(env);
  return path.resolve(p.startsWith("~/") ? path.join(home(env), p.slice(2)) : p);
}

function home(env: EnvRecord): string {
  return nonEmpty(env.HOME) ?? homedir();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
