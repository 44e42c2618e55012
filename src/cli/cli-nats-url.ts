import { existsSync, readFileSync } from "node:fs";
import { natsServersFor, resolveStateDir } from "@clawfleet/config";
import { embeddedNatsUrlFile } from "@clawfleet/runtime";

/**
 * The NATS a CLI command talks to: `NATS_URL`, else on Fly the app's nats group, else the server a
 * running `clawfleet all` started under the state dir (its URL file), else 127.0.0.1:4222.
 */
export function cliNatsUrl(env: Record<string, string | undefined>): string {
  if (env.NATS_URL || env.FLY_APP_NAME) return natsServersFor(env);
  const file = embeddedNatsUrlFile(resolveStateDir(env));
  const embedded = existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  return natsServersFor(env, embedded || undefined);
}
