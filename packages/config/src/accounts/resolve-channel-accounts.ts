/** One bot account of a channel with the channel-level fields merged under its own. */
export interface ResolvedChannelAccount<C> {
  /** Key under `accounts`, or `"default"` when the channel has no `accounts`. */
  readonly accountId: string;
  /** Effective settings: the account's fields over the channel's. */
  readonly config: Omit<C, "accounts">;
}

/** The id of the single account of a channel configured without `accounts`. */
export const DEFAULT_ACCOUNT_ID = "default";

/**
 * Lists the bot accounts of a channel config (`channels.discord`, `channels.telegram`): one
 * `"default"` account from the top-level fields, or one per `accounts` entry inheriting them.
 */
export function resolveChannelAccounts<C extends { accounts?: Record<string, object> | undefined }>(
  channel: C,
): ResolvedChannelAccount<C>[] {
  const { accounts, ...base } = channel;
  if (accounts === undefined || Object.keys(accounts).length === 0)
    return [{ accountId: DEFAULT_ACCOUNT_ID, config: base }];
  return Object.entries(accounts).map(([accountId, overrides]) => ({
    accountId,
    config: { ...base, ...definedOnly(overrides) },
  }));
}

// An account key that is present but undefined must not erase the channel-level value.
function definedOnly(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
