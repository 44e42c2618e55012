import { resolveChannelAccounts, type OpenClawConfig } from "@clawfleet/config";

const CONFIGURABLE = ["discord", "telegram"] as const;

/** The channels with a config section and at least one enabled account. */
export function configuredChannels(config: OpenClawConfig): string[] {
  return CONFIGURABLE.filter((channel) => {
    const section = config.channels[channel];
    return (
      section !== undefined &&
      resolveChannelAccounts(section).some((account) => account.config.enabled !== false)
    );
  });
}

/**
 * Picks the account a direct send or delivery goes out on: `accountId` when given and known,
 * else the channel's only (or `default`) account. Returns a reason when the channel or account is
 * not configured.
 */
export function resolveSendAccount(
  config: OpenClawConfig,
  channel: string | undefined,
  accountId: string | undefined,
): { channel: string; accountId: string } | string {
  const configured = configuredChannels(config);
  const chosen = channel ?? (configured.length === 1 ? configured[0] : undefined);
  if (!chosen)
    return configured.length === 0
      ? "no channel is configured (channels.discord or channels.telegram)"
      : `channel is required (configured: ${configured.join(", ")})`;
  const section = (CONFIGURABLE as readonly string[]).includes(chosen)
    ? config.channels[chosen as (typeof CONFIGURABLE)[number]]
    : undefined;
  if (!section) return `channel ${chosen} is not configured`;
  const accounts = resolveChannelAccounts(section).map((a) => a.accountId);
  if (accountId !== undefined)
    return accounts.includes(accountId)
      ? { channel: chosen, accountId }
      : `account ${accountId} is not configured for ${chosen} (configured: ${accounts.join(", ")})`;
  return { channel: chosen, accountId: accounts.includes("default") ? "default" : accounts[0]! };
}
