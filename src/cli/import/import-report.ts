/** What the import did (or, in a dry run, would do) with one item. */
export const ImportAction = {
  Create: "create",
  Update: "update",
  Unchanged: "unchanged",
  Kept: "kept",
  Failed: "failed",
} as const;
/** One import action. */
export type ImportAction = (typeof ImportAction)[keyof typeof ImportAction];

/** One line of the import report. */
export interface ImportRow {
  kind: "config" | "workspace" | "session" | "allowlist";
  name: string;
  action: ImportAction;
  detail?: string;
}

/** Counts of rows per action, e.g. `3 create, 1 unchanged`. */
export function summarizeRows(rows: ImportRow[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.action, (counts.get(row.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${n} ${action}`).join(", ") || "nothing to import";
}
