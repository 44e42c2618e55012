import { formatConfigPath, openPolicies } from "@clawfleet/config";
import type { AuditFinding } from "./audit-finding.js";
import type { AuditInput } from "./audit-input.js";

/** Open DM and group policies, DMs of different people in one session, open inbound calls. */
export function policyChecks(input: AuditInput): AuditFinding[] {
  if (!input.config.ok) return [];
  const { config } = input.config;
  const findings: AuditFinding[] = [];
  const shared = config.session.dmScope === "main";
  for (const open of openPolicies(config, "dmPolicy")) {
    const path = formatConfigPath(open.path);
    findings.push(
      shared
        ? {
            checkId: "channels.dm.shared-session",
            severity: "critical",
            title: "DMs of different people share one conversation",
            detail: `${path} is "open" and session.dmScope is "main": everyone who writes to the ${open.channel} bot talks in one session and can be shown what others said`,
            remediation: 'set session.dmScope to "per-channel-peer" (or dmPolicy to "pairing")',
          }
        : {
            checkId: "channels.dm.open",
            severity: "warn",
            title: "DMs open to anyone",
            detail: `${path} is "open": anyone can talk to the ${open.channel} bot and spend model tokens`,
            remediation: 'use dmPolicy "pairing" or "allowlist" with allowFrom',
          },
    );
  }
  for (const open of openPolicies(config, "groupPolicy"))
    findings.push({
      checkId: "channels.group.open",
      severity: "warn",
      title: "groups open to anyone",
      detail: `${formatConfigPath(open.path)} is "open": any group the ${open.channel} bot is added to can use it`,
      remediation: 'use groupPolicy "allowlist" and list the groups',
    });
  const voice = config.plugins.entries["voice-call"];
  if (voice?.enabled && voice.config.inboundPolicy === "open")
    findings.push({
      checkId: "voice.inbound.open",
      severity: "warn",
      title: "anyone may call the agent",
      detail:
        'plugins.entries.voice-call.config.inboundPolicy is "open": every caller reaches the agent',
      remediation: 'use inboundPolicy "allowlist" with allowFrom',
    });
  return findings;
}
