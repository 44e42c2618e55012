/**
 * The OpenClaw release whose protocol and client behaviour this gateway matches. It is the
 * `server.version` OpenClaw's clients see (their `gateway status` warns when it differs from their
 * own); clawfleet's own version travels alongside as `server.clawfleetVersion`. Raised together
 * with the compatibility tests in test/compat/ (docs/architecture.md, "Version mapping").
 */
export const OPENCLAW_COMPAT_VERSION = "2026.9.6";
