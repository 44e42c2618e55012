import { existsSync } from "node:fs";

/** Whether this process runs in a container or on a Fly Machine, where `--bind auto` means `lan`. */
export function runsInContainer(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.FLY_APP_NAME || env.FLY_MACHINE_ID) return true;
  return existsSync("/.dockerenv") || existsSync("/run/.containerenv");
}
