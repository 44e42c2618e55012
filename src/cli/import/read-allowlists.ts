import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { PlatformIdSchema } from "@clawfleet/core";
import type { ImportedAllowlist, ImportProblem } from "./import-plan.js";
import { readFileCapped } from "./read-file-capped.js";
import { errorMessage } from "@clawfleet/core";

/** Channels whose pairing allowlists clawfleet keeps. */
const PAIRING_CHANNELS = ["telegram", "discord", "whatsapp", "signal"] as const;

const SUFFIX = "-allowFrom.json";
const MAX_BYTES = 1024 * 1024;

/** `telegram` → default account, `telegram-work` → account `work`; undefined for other channels. */
function accountOf(stem: string): { channel: string; accountId: string } | undefined {
  for (const channel of PAIRING_CHANNELS) {
    if (stem === channel) return { channel, accountId: "default" };
    if (stem.startsWith(`${channel}-`))
      return { channel, accountId: stem.slice(channel.length + 1) };
  }
  return undefined;
}

function senderIds(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { allowFrom?: unknown }).allowFrom)
  )
    return (value as { allowFrom: unknown[] }).allowFrom;
  return undefined;
}

/** Reads `credentials/<channel>[-<account>]-allowFrom.json` (a list, or `{ allowFrom: [...] }`). */
export function readAllowlists(stateDir: string, problems: ImportProblem[]): ImportedAllowlist[] {
  const dir = path.join(stateDir, "credentials");
  if (!existsSync(dir)) return [];
  const out: ImportedAllowlist[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(SUFFIX))
    .sort()) {
    const file = `credentials/${name}`;
    const account = accountOf(name.slice(0, -SUFFIX.length));
    if (!account || !/^[A-Za-z0-9_-]+$/.test(account.accountId)) {
      problems.push({
        file,
        message: `not a ${PAIRING_CHANNELS.join(", ")} account allowlist: not imported`,
      });
      continue;
    }
    const text = readFileCapped(path.join(dir, name), file, MAX_BYTES, problems);
    if (text === undefined) continue;
    let ids: unknown[] | undefined;
    try {
      ids = senderIds(JSON.parse(text));
    } catch (error) {
      problems.push({ file, message: `not JSON (${errorMessage(error)}): not imported` });
      continue;
    }
    if (!ids) {
      problems.push({
        file,
        field: "allowFrom",
        message: "neither a list nor { allowFrom: [...] }: not imported",
      });
      continue;
    }
    const valid: string[] = [];
    ids.forEach((id, i) => {
      const text = typeof id === "number" ? String(id) : id;
      if (text === "*") return;
      const parsed = PlatformIdSchema.safeParse(text);
      if (parsed.success) valid.push(parsed.data);
      else
        problems.push({
          file,
          field: `allowFrom[${i}]`,
          message: `${JSON.stringify(id)} is not a sender id: skipped`,
        });
    });
    out.push({ ...account, senderIds: [...new Set(valid)], file });
  }
  return out;
}
