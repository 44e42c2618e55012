import { formatIssueLine } from "@clawfleet/config";
import { auditReport, type AuditFinding, type AuditReport } from "./audit-finding.js";
import type { AuditInput } from "./audit-input.js";
import { exposureChecks } from "./exposure-checks.js";
import { policyChecks } from "./policy-checks.js";
import { secretChecks } from "./secret-checks.js";

/** Runs every check of `clawfleet security audit` on a loaded config and the environment. */
export function securityAudit(input: AuditInput): AuditReport {
  const findings: AuditFinding[] = [];
  if (!input.config.ok && !input.config.missing)
    findings.push({
      checkId: "config.invalid",
      severity: "critical",
      title: "config file invalid",
      detail: `${input.configFile} does not load, so its policies cannot be audited:\n${input.config.errors.map((e) => `    ${formatIssueLine(e)}`).join("\n")}`,
      remediation: "correct it; `clawfleet config validate` re-checks",
    });
  findings.push(...exposureChecks(input), ...policyChecks(input), ...secretChecks(input));
  return auditReport(findings);
}
