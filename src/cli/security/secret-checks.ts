import { formatConfigPath, type PathSegment } from "@clawfleet/config";
import { Redactor } from "@clawfleet/log";
import type { AuditFinding } from "./audit-finding.js";
import type { AuditInput } from "./audit-input.js";

/** Secrets written in the config file instead of `${VAR}`, its permissions, a missing state key. */
export function secretChecks(input: AuditInput): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const document = input.config.ok ? input.config.document : undefined;
  const inClear = clearSecretPaths(document, [], new Redactor());
  for (const path of inClear)
    findings.push({
      checkId: "config.secrets.in-file",
      severity: "warn",
      title: "secret written in the config file",
      detail: `${formatConfigPath(path)} holds a secret in clear in ${input.configFile} (backups, editors and the Control UI's history see it)`,
      remediation: `move it to an environment variable (a Fly secret) and write "\${VAR}" there`,
    });
  const mode = input.configMode;
  if (mode !== undefined && inClear.length > 0 && (mode & 0o044) !== 0)
    findings.push({
      checkId: "config.file.readable",
      severity: (mode & 0o004) !== 0 ? "critical" : "warn",
      title: "config file with secrets readable by others",
      detail: `${input.configFile} has mode ${mode.toString(8).padStart(3, "0")} and holds ${inClear.length} secret(s)`,
      remediation: `chmod 600 ${input.configFile}`,
    });
  const whatsapp = input.config.ok ? input.config.config.channels.whatsapp : undefined;
  if (whatsapp && whatsapp.enabled !== false && (input.env.CLAWFLEET_STATE_KEY ?? "").length < 32)
    findings.push({
      checkId: "channels.whatsapp.state-key",
      severity: "critical",
      title: "WhatsApp without CLAWFLEET_STATE_KEY",
      detail: `channels.whatsapp is configured but CLAWFLEET_STATE_KEY is ${input.env.CLAWFLEET_STATE_KEY ? "shorter than 32 characters" : "not set"}: the linked session cannot be stored encrypted`,
      remediation: "set CLAWFLEET_STATE_KEY=$(openssl rand -hex 32) (fly secrets set … on Fly)",
    });
  return findings;
}

// Paths of non-empty string values under secret-looking keys that are not a `${VAR}` reference.
function clearSecretPaths(value: unknown, at: PathSegment[], redactor: Redactor): PathSegment[][] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => clearSecretPaths(item, [...at, i], redactor));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === "string"
      ? redactor.isSecretKey(key) && child !== "" && !/\$\{[A-Z_][A-Z0-9_]*\}/.test(child)
        ? [[...at, key]]
        : []
      : clearSecretPaths(child, [...at, key], redactor),
  );
}
