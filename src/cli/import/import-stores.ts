import {
  Buckets,
  TypedBucket,
  updateWithRetry,
  workspaceFileRecordSchema,
  workspaceKey,
  type Bus,
} from "@clawfleet/bus";
import { configHash, ConfigStore } from "@clawfleet/config";
import { PairingStateSchema } from "@clawfleet/core";
import type { ImportedAllowlist, ImportedConfig, ImportedWorkspaceFile } from "./import-plan.js";
import type { ImportRow } from "./import-report.js";

/** Who an imported record says wrote it. */
export const IMPORT_WRITER = "import";

/** Writers whose copy the import may replace: nobody edited it on clawfleet since. */
const REPLACEABLE = new Set(["seed", "bootstrap", IMPORT_WRITER]);

/**
 * Publishes `openclaw.json` to the `config` bucket when the bus has none, or only a default a
 * gateway bootstrapped, or an earlier import; a config edited on clawfleet is kept.
 */
export async function importConfig(
  bus: Bus,
  config: ImportedConfig,
  dryRun: boolean,
): Promise<ImportRow> {
  const store = await ConfigStore.open(bus);
  const current = await store.current();
  const hash = configHash(config.raw);
  const row = (action: ImportRow["action"], detail?: string): ImportRow => ({
    kind: "config",
    name: "openclaw.json",
    action,
    ...(detail ? { detail } : {}),
  });
  if (current?.value.hash === hash) return row("unchanged");
  if (current && !REPLACEABLE.has(current.value.updatedBy))
    return row(
      "kept",
      `the bus config was written by ${current.value.updatedBy}: edit it with clawfleet config or the Control UI`,
    );
  if (!dryRun)
    await store.publish(
      {
        raw: config.raw,
        hash,
        document: config.document,
        file: config.file,
        updatedAt: Date.now(),
        updatedBy: IMPORT_WRITER,
      },
      current?.revision ?? 0,
    );
  return row(current ? "update" : "create");
}

/** Writes one workspace file unless the bus copy is the same or was edited on clawfleet. */
export async function importWorkspaceFile(
  bus: Bus,
  file: ImportedWorkspaceFile,
  dryRun: boolean,
): Promise<ImportRow> {
  const bucket = await TypedBucket.open(bus, Buckets.Workspace, workspaceFileRecordSchema);
  const key = workspaceKey(file.agentId, file.name);
  const current = (await bucket.get(key))?.value;
  const name = `${file.agentId}/${file.name}`;
  if (current?.content === file.content) return { kind: "workspace", name, action: "unchanged" };
  if (current && !REPLACEABLE.has(current.updatedBy ?? ""))
    return {
      kind: "workspace",
      name,
      action: "kept",
      detail: `edited on clawfleet (by ${current.updatedBy ?? "?"}) since`,
    };
  if (!dryRun)
    await bucket.put(key, {
      content: file.content,
      updatedAt: Date.now(),
      updatedBy: IMPORT_WRITER,
    });
  return { kind: "workspace", name, action: current ? "update" : "create" };
}

/** Adds the allowlisted senders an account's pairing record does not have yet. */
export async function importAllowlist(
  bus: Bus,
  list: ImportedAllowlist,
  dryRun: boolean,
): Promise<ImportRow> {
  const bucket = await TypedBucket.open(bus, Buckets.Pairing, PairingStateSchema);
  const key = `${list.channel}.${list.accountId}`;
  const name = `${list.channel}/${list.accountId}`;
  const current = (await bucket.get(key))?.value;
  const have = new Set(current?.approved.map((a) => a.senderId));
  const missing = list.senderIds.filter((id) => !have.has(id));
  if (missing.length === 0)
    return {
      kind: "allowlist",
      name,
      action: "unchanged",
      detail: `${list.senderIds.length} senders`,
    };
  if (!dryRun)
    await updateWithRetry(bucket, key, (state) => {
      const approved = state?.approved ?? [];
      const known = new Set(approved.map((a) => a.senderId));
      const now = Date.now();
      const added = missing
        .filter((id) => !known.has(id))
        .map((senderId) => ({ senderId, approvedAt: now }));
      return added.length === 0
        ? undefined
        : {
            version: 1 as const,
            requests: state?.requests ?? [],
            approved: [...approved, ...added],
          };
    });
  return {
    kind: "allowlist",
    name,
    action: current ? "update" : "create",
    detail: `${missing.length} senders added`,
  };
}
