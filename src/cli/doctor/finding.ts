/** How serious a doctor finding is. */
export const Severity = { Ok: "ok", Info: "info", Warn: "warn", Error: "error" } as const;
/** One of the severities. */
export type Severity = (typeof Severity)[keyof typeof Severity];

/** One result of `clawfleet doctor`: what was checked, what was found, and how to fix it. */
export interface Finding {
  severity: Severity;
  check: string;
  message: string;
  fix?: string;
}

const MARK: Record<Severity, string> = { ok: "✓", info: "i", warn: "!", error: "✗" };

/** Renders findings one per line, each fix indented under its finding. */
export function renderFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${MARK[f.severity]} ${f.check}: ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ""}`)
    .join("\n");
}
