/** The NATS client port every clawfleet deployment uses. */
const NATS_PORT = 4222;

/** Where a process looks for NATS when nothing else says: a server on this machine. */
export const LOCAL_NATS_URL = `nats://127.0.0.1:${NATS_PORT}`;

/**
 * The NATS URL(s) a process connects to: `NATS_URL` when set, else `fallback` (e.g. the server
 * `clawfleet all` embedded), else on Fly the app's own `nats` process group derived from
 * `FLY_APP_NAME` (so the app name is written once, in fly.toml's `app`), else the local server.
 */
export function natsServersFor(
  env: { readonly NATS_URL?: string; readonly FLY_APP_NAME?: string },
  fallback?: string,
): string {
  if (env.NATS_URL) return env.NATS_URL;
  if (fallback) return fallback;
  if (env.FLY_APP_NAME) return `nats://nats.process.${env.FLY_APP_NAME}.internal:${NATS_PORT}`;
  return LOCAL_NATS_URL;
}
