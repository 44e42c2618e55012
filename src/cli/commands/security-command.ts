import { statSync } from "node:fs";
import { loadConfigFile, resolveConfigPath } from "@clawfleet/config";
import { USAGE_EXIT_CODE, type Command } from "../command.js";
import { renderAuditReport } from "../security/audit-finding.js";
import { securityAudit } from "../security/security-audit.js";

/** `security audit [--json]`: open policies, gateway exposure and auth, secrets in the file; exit 1 on a critical finding. */
export const securityCommand: Command = {
  name: "security",
  summary:
    "security audit [--json]: open DM/group policies, shared DM sessions, gateway token strength, exposed binds, secrets in the config file; exits 1 on a critical finding",
  usage: "security audit [--json]",
  help: [
    "Options:",
    "  --json   print the findings as JSON",
    "",
    "Environment:",
    "  OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR (the config audited), OPENCLAW_GATEWAY_TOKEN",
    "",
    "Examples:",
    "  clawfleet security audit",
  ],
  options: { json: { type: "boolean" } },
  maxPositionals: 1,
  async run({ positionals, values, io }) {
    if (positionals[0] !== "audit") {
      io.err(
        `clawfleet: ${positionals[0] ? `unknown security command: ${positionals[0]}` : "missing security command"}`,
      );
      io.err("Usage: clawfleet security audit [--json]");
      return USAGE_EXIT_CODE;
    }
    const configFile = resolveConfigPath(io.env);
    const config = loadConfigFile(configFile, io.env);
    let configMode: number | undefined;
    try {
      configMode = statSync(configFile).mode & 0o777;
    } catch {
      configMode = undefined;
    }
    const report = securityAudit({ env: io.env, configFile, config, configMode });
    io.out(values.json ? JSON.stringify(report, null, 2) : renderAuditReport(report));
    return report.summary.critical > 0 ? 1 : 0;
  },
};
