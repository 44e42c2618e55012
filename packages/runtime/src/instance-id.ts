import { hostname } from "node:os";

/** A process's instance id: the Fly machine id when on Fly, else `<host>-<pid>`; safe as a subject token. */
export function instanceIdFor(
  env: Record<string, string | undefined>,
  pid = process.pid,
  host = hostname(),
): string {
  const raw = env.FLY_MACHINE_ID || `${host}-${pid}`;
  return raw.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64);
}
