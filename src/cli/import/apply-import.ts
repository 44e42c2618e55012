import type { Bus } from "@clawfleet/bus";
import type { ImportPlan } from "./import-plan.js";
import type { ImportRow } from "./import-report.js";
import { importSession } from "./import-sessions.js";
import { importAllowlist, importConfig, importWorkspaceFile } from "./import-stores.js";
import { errorMessage } from "@clawfleet/core";

/** Options of {@link applyImport}. */
export interface ApplyImportOptions {
  /** Compare with the bus and report, writing nothing. */
  dryRun: boolean;
  /** Called once per item with its row and position (for progress output). */
  onRow?: (row: ImportRow, done: number, total: number) => void;
}

/**
 * Writes an import plan onto the bus — config, workspace files, sessions with their transcripts,
 * pairing allowlists — each idempotently, so running it twice gives the same state. One item's
 * failure is reported as a `kept` row with the error and the others are still imported.
 */
export async function applyImport(
  bus: Bus,
  plan: ImportPlan,
  options: ApplyImportOptions,
): Promise<ImportRow[]> {
  const { dryRun } = options;
  const { config } = plan;
  const steps: { name: string; kind: ImportRow["kind"]; run: () => Promise<ImportRow> }[] = [
    ...(config
      ? [
          {
            name: "openclaw.json",
            kind: "config" as const,
            run: () => importConfig(bus, config, dryRun),
          },
        ]
      : []),
    ...plan.workspace.map((f) => ({
      name: `${f.agentId}/${f.name}`,
      kind: "workspace" as const,
      run: () => importWorkspaceFile(bus, f, dryRun),
    })),
    ...plan.sessions.map((s) => ({
      name: s.key,
      kind: "session" as const,
      run: () => importSession(bus, s, dryRun),
    })),
    ...plan.allowlists.map((l) => ({
      name: `${l.channel}/${l.accountId}`,
      kind: "allowlist" as const,
      run: () => importAllowlist(bus, l, dryRun),
    })),
  ];
  const rows: ImportRow[] = [];
  for (const step of steps) {
    let row: ImportRow;
    try {
      row = await step.run();
    } catch (error) {
      row = {
        kind: step.kind,
        name: step.name,
        action: "failed",
        detail: `${errorMessage(error)}`,
      };
    }
    rows.push(row);
    options.onRow?.(row, rows.length, steps.length);
  }
  return rows;
}
