import type { AccessDecision, AccessInput, AccessMessage } from "./access-decision.js";
import { deny, describeSender, mentionGate } from "./access-decision.js";
import { hasAllowEntries, isSenderAllowed } from "./allow-from.js";
import type { DiscordChannelRule, DiscordGuildRule } from "./channel-access-config.js";
import { resolveGroupPolicy } from "./channel-access-config.js";

/** Lower-case, `#`-less name; entries and channel names are compared in this form. */
function normalizeName(value: string): string {
  return value.trim().replace(/^#/, "").toLowerCase();
}

/** OpenClaw's slug: non-alphanumerics collapsed to `-` (so "My Room" matches "my-room"). */
function slug(value: string): string {
  return normalizeName(value)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function lookup<T>(
  entries: Readonly<Record<string, T>>,
  candidates: (string | undefined)[],
): T | undefined {
  const table = new Map<string, T>();
  for (const [key, value] of Object.entries(entries)) {
    table.set(normalizeName(key), value);
    const keySlug = slug(key);
    if (keySlug && !table.has(keySlug)) table.set(keySlug, value);
  }
  for (const candidate of candidates) {
    if (!candidate?.trim()) continue;
    const candidateSlug = slug(candidate);
    const hit =
      table.get(normalizeName(candidate)) ?? (candidateSlug ? table.get(candidateSlug) : undefined);
    if (hit) return hit;
  }
  return table.get("*");
}

/** The guild's rule: by guild id, then guild name, then `"*"`. */
export function findDiscordGuildRule(
  guilds: Readonly<Record<string, DiscordGuildRule>> | undefined,
  message: Pick<AccessMessage, "guildId" | "guildName">,
): DiscordGuildRule | undefined {
  return guilds ? lookup(guilds, [message.guildId, message.guildName]) : undefined;
}

/**
 * The channel's rule: a thread is looked up by its own id, then by its parent's id and name
 * (threads follow their parent's rules); a channel by id, then name (`#` optional); then `"*"`.
 */
export function findDiscordChannelRule(
  channels: Readonly<Record<string, DiscordChannelRule>>,
  message: AccessMessage,
): DiscordChannelRule | undefined {
  const isThread = message.parentChannelId !== undefined || message.parentChannelName !== undefined;
  const candidates = isThread
    ? [message.threadId ?? message.peer.id, message.parentChannelId, message.parentChannelName]
    : [message.peer.id, message.chatTitle];
  return lookup(channels, candidates);
}

function describeChannel(message: AccessMessage): string {
  const name = message.parentChannelName ?? message.chatTitle;
  const id = message.parentChannelId ?? message.peer.id;
  return `${name ? `#${normalizeName(name)} ` : ""}(${id})`;
}

/**
 * Access for a Discord guild message, as OpenClaw decides it: `groupPolicy` (disabled / open /
 * allowlist of `guilds`), the guild's `channels` allowlist when it has one (even under open),
 * `allow`/`enabled`, the `users` allowlist, then `requireMention` (channel, guild, default true).
 */
export function decideDiscordGuildAccess(input: AccessInput): AccessDecision {
  const { message, config } = input;
  const policy = resolveGroupPolicy(config, input.defaults);
  if (policy === "disabled")
    return deny("Discord guild messages are disabled (groupPolicy: disabled)");
  const guilds = config?.guilds ?? {};
  const guild = findDiscordGuildRule(guilds, message);
  const guildLabel = `guild ${message.guildId}${message.guildName ? ` "${message.guildName}"` : ""}`;
  if (!guild && (Object.keys(guilds).length > 0 || policy === "allowlist")) {
    return deny(`${guildLabel} is not in channels.discord.guilds (groupPolicy: ${policy})`);
  }
  const channels = guild?.channels ?? {};
  let rule: DiscordChannelRule | undefined;
  if (Object.keys(channels).length > 0) {
    rule = findDiscordChannelRule(channels, message);
    if (!rule)
      return deny(
        `channel ${describeChannel(message)} is not in the channels allowlist of ${guildLabel}`,
      );
    if (rule.enabled === false || rule.allow === false) {
      return deny(`channel ${describeChannel(message)} is disabled in ${guildLabel}`);
    }
  }
  const users = rule?.users ?? guild?.users;
  if (hasAllowEntries(users) && !isSenderAllowed(users, message.sender)) {
    return deny(
      `${describeSender(message)} is not in the users allowlist of channel ${describeChannel(message)}`,
    );
  }
  const requireMention = rule?.requireMention ?? guild?.requireMention ?? true;
  return mentionGate(requireMention, input, `channel ${describeChannel(message)}`);
}
