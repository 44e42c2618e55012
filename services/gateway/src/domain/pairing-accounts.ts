import { resolveChannelAccounts, type OpenClawConfig } from "@clawfleet/config";

/** A channel account that takes DM pairing requests, as OpenClaw's `channels.pairing.list` lists it. */
export interface PairingAccount {
  channel: string;
  channelLabel: string;
  accountId: string;
  notifySupported: boolean;
}

/**
 * The enabled channel accounts whose `dmPolicy` is `pairing` (the default), plus any account a
 * pending request names: OpenClaw's Control UI shows pairing requests only under a listed account.
 */
export function pairingAccounts(
  config: OpenClawConfig,
  requested: readonly { channel: string; accountId: string }[],
): PairingAccount[] {
  const out = new Map<string, PairingAccount>();
  const add = (channel: string, accountId: string) =>
    out.set(`${channel}:${accountId}`, {
      channel,
      channelLabel: channel.charAt(0).toUpperCase() + channel.slice(1),
      accountId,
      notifySupported: true,
    });
  for (const [channel, section] of Object.entries(config.channels)) {
    if (!section || typeof section !== "object" || channel === "defaults") continue;
    const accounts = resolveChannelAccounts(section as { accounts?: Record<string, object> });
    for (const { accountId, config: account } of accounts) {
      const settings = account as { enabled?: boolean; dmPolicy?: string };
      if (settings.enabled !== false && (settings.dmPolicy ?? "pairing") === "pairing")
        add(channel, accountId);
    }
  }
  for (const request of requested) add(request.channel, request.accountId);
  return [...out.values()];
}
