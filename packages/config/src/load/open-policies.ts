import type { PathSegment } from "../issues/config-issue.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";

/** Where a channel (or one of its accounts) sets a policy to "open". */
export interface OpenPolicy {
  readonly channel: string;
  readonly path: PathSegment[];
}

/**
 * Every `dmPolicy` (or `groupPolicy`) that is "open" under `channels.*` and their `accounts`; an
 * account inherits its channel's policy unless it sets its own.
 */
export function openPolicies(
  config: OpenClawConfig,
  key: "dmPolicy" | "groupPolicy",
): OpenPolicy[] {
  const found: OpenPolicy[] = [];
  for (const [channel, section] of Object.entries(config.channels)) {
    if (channel === "defaults" || typeof section !== "object" || section === null) continue;
    const fields = section as Record<string, unknown>;
    if (fields.enabled === false) continue;
    if (fields[key] === "open") found.push({ channel, path: ["channels", channel, key] });
    const accounts = fields.accounts;
    if (typeof accounts !== "object" || accounts === null) continue;
    for (const [id, account] of Object.entries(accounts as Record<string, unknown>)) {
      const own = (account as Record<string, unknown> | undefined)?.[key];
      if (own === "open" && fields[key] !== "open")
        found.push({ channel, path: ["channels", channel, "accounts", id, key] });
    }
  }
  return found;
}
