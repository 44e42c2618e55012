import type { AllowEntry } from "./allow-from.js";

/** Who may DM the bot (`dmPolicy`); `pairing` is the default. */
export const DmPolicies = ["pairing", "allowlist", "open", "disabled"] as const;

/** One of the DM policies. */
export type DmPolicy = (typeof DmPolicies)[number];

/** Which group chats the bot takes part in (`groupPolicy`). */
export const GroupPolicies = ["open", "allowlist", "disabled"] as const;

/** One of the group policies. */
export type GroupPolicy = (typeof GroupPolicies)[number];

/** Group policy when neither the channel nor `channels.defaults` sets one: fail closed. */
export const DEFAULT_GROUP_POLICY: GroupPolicy = "allowlist";

/** `channels.discord.guilds.<id>.channels.<name|id>`. */
export interface DiscordChannelRule {
  allow?: boolean;
  enabled?: boolean;
  requireMention?: boolean;
  users?: readonly AllowEntry[];
}

/** `channels.discord.guilds.<id>` (key: guild id, guild name or `"*"`). */
export interface DiscordGuildRule {
  requireMention?: boolean;
  users?: readonly AllowEntry[];
  channels?: Readonly<Record<string, DiscordChannelRule>>;
}

/** `channels.telegram.groups.<chatId|"*">`. */
export interface TelegramGroupRule {
  enabled?: boolean;
  requireMention?: boolean;
  allowFrom?: readonly AllowEntry[];
}

/** The access keys of one channel's config slice (`channels.<channel>`, account overrides merged). */
export interface ChannelAccessConfig {
  dmPolicy?: DmPolicy;
  allowFrom?: readonly AllowEntry[];
  groupPolicy?: GroupPolicy;
  groupAllowFrom?: readonly AllowEntry[];
  guilds?: Readonly<Record<string, DiscordGuildRule>>;
  groups?: Readonly<Record<string, TelegramGroupRule>>;
}

/** `channels.defaults`. */
export interface ChannelDefaultsConfig {
  groupPolicy?: GroupPolicy;
}

/** The effective group policy: the channel's, else `channels.defaults.groupPolicy`, else allowlist. */
export function resolveGroupPolicy(
  config?: ChannelAccessConfig,
  defaults?: ChannelDefaultsConfig,
): GroupPolicy {
  return config?.groupPolicy ?? defaults?.groupPolicy ?? DEFAULT_GROUP_POLICY;
}
