/** How bad a security audit finding is; any `critical` makes `clawfleet security audit` exit 1. */
export const AuditSeverity = { Info: "info", Warn: "warn", Critical: "critical" } as const;
/** One of {@link AuditSeverity}. */
export type AuditSeverity = (typeof AuditSeverity)[keyof typeof AuditSeverity];

/** One finding of `clawfleet security audit`, shaped like OpenClaw's `openclaw security audit --json`. */
export interface AuditFinding {
  /** Stable id of the check, e.g. `channels.dm.shared-session`. */
  checkId: string;
  severity: AuditSeverity;
  title: string;
  /** What was found, naming the config path or variable; never a secret's value. */
  detail: string;
  remediation?: string;
}

/** The whole audit: counts per severity, then the findings, most severe first. */
export interface AuditReport {
  summary: Record<AuditSeverity, number>;
  findings: AuditFinding[];
}

const ORDER: Record<AuditSeverity, number> = { critical: 0, warn: 1, info: 2 };

/** Sorts findings most severe first and counts them. */
export function auditReport(findings: readonly AuditFinding[]): AuditReport {
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const summary = { critical: 0, warn: 0, info: 0 };
  for (const f of sorted) summary[f.severity]++;
  return { summary, findings: sorted };
}

/** The report as text: a summary line, then one block per finding with its fix. */
export function renderAuditReport(report: AuditReport): string {
  const { critical, warn, info } = report.summary;
  const lines = [`Summary: ${critical} critical · ${warn} warn · ${info} info`];
  for (const f of report.findings) {
    lines.push("", `${f.severity.toUpperCase()} ${f.checkId}: ${f.title}`, `  ${f.detail}`);
    if (f.remediation) lines.push(`  fix: ${f.remediation}`);
  }
  return lines.join("\n");
}
