import type { AuditFinding } from "./audit-finding.js";
import type { AuditInput } from "./audit-input.js";

/** Shortest gateway token / password the audit accepts without a finding. */
export const MIN_TOKEN_LENGTH = 24;
const MIN_PASSWORD_LENGTH = 12;
const TOKEN_FIX = "set OPENCLAW_GATEWAY_TOKEN=$(openssl rand -hex 32) (fly secrets set … on Fly)";

/** Gateway bind, its auth and the strength of its token/password; the health port's bind. */
export function exposureChecks(input: AuditInput): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const gateway = input.config.ok ? input.config.config.gateway : undefined;
  const bind = gateway?.bind ?? "loopback";
  const onFly = Boolean(input.env.FLY_APP_NAME);
  const network = bind === "lan" || bind === "custom" || (bind === "auto" && onFly);
  const where = network ? `bind "${bind}" (reachable from the network)` : `bind "${bind}"`;
  if (network)
    findings.push({
      checkId: "gateway.bind.network",
      severity: "info",
      title: "gateway reachable from the network",
      detail: `gateway.bind is "${bind}"${onFly ? " on Fly" : ""}: anyone who reaches the port may try to log in`,
      remediation:
        'keep a strong token; use bind "loopback" with an SSH tunnel when only you connect',
    });
  const mode = gateway?.auth?.mode ?? "token";
  const token = input.env.OPENCLAW_GATEWAY_TOKEN || gateway?.auth?.token;
  const password = input.env.OPENCLAW_GATEWAY_PASSWORD || gateway?.auth?.password;
  const secret = mode === "password" ? password : mode === "none" ? undefined : token;
  const minimum = mode === "password" ? MIN_PASSWORD_LENGTH : MIN_TOKEN_LENGTH;
  if (mode === "none" || !secret) {
    findings.push({
      checkId: "gateway.auth.missing",
      severity: network ? "critical" : "warn",
      title: "gateway without a token or password",
      detail: `gateway.auth.mode is "${mode}" with no ${mode === "password" ? "password" : "token"} set, ${where}`,
      remediation: TOKEN_FIX,
    });
  } else if (secret.length < minimum) {
    findings.push({
      checkId: "gateway.auth.weak",
      severity: network ? "critical" : "warn",
      title: `gateway ${mode} is short`,
      detail: `the gateway ${mode} has ${secret.length} characters (fewer than ${minimum}), ${where}`,
      remediation: TOKEN_FIX,
    });
  }
  const health = input.env.HEALTH_BIND ?? (onFly ? "all" : "loopback");
  if (!["loopback", "127.0.0.1", "::1", "localhost"].includes(health))
    findings.push({
      checkId: "health.bind.network",
      severity: onFly ? "info" : "warn",
      title: "health port reachable from the network",
      detail: `HEALTH_BIND is "${health}": /healthz, /readyz and /metrics answer without auth${onFly ? " (Fly's checks need it; the port is not in [[services]])" : ""}`,
      remediation: onFly
        ? undefined
        : "unset HEALTH_BIND (loopback) unless a platform's checks need it",
    });
  return findings;
}
