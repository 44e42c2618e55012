import { DiscordChannelType } from "./discord-types.js";
import type { DiscordChannel, DiscordMessage, DiscordUser } from "./discord-types.js";

// ViewChannel, SendMessages, EmbedLinks, AttachFiles, ReadMessageHistory, AddReactions,
// UseExternalEmojis, SendMessagesInThreads: what a bot usually gets through @everyone.
const EveryonePermissions = [10n, 11n, 14n, 15n, 16n, 6n, 18n, 38n]
  .reduce((all, bit) => all | (1n << bit), 0n)
  .toString();

/** A user object. */
export function userObject(id: string, username: string, bot = false): DiscordUser {
  return {
    id,
    username,
    discriminator: "0",
    global_name: bot ? null : username,
    avatar: null,
    ...(bot ? { bot: true } : {}),
    flags: 0,
  };
}

/** A guild text channel. */
export function textChannel(
  id: string,
  guildId: string,
  name: string,
  position: number,
): DiscordChannel {
  return {
    id,
    type: DiscordChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    parent_id: null,
    topic: null,
    nsfw: false,
    permission_overwrites: [],
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
}

/** A public thread under `parentId`. */
export function threadChannel(
  id: string,
  guildId: string,
  parentId: string,
  name: string,
  ownerId: string,
): DiscordChannel {
  const now = new Date().toISOString();
  return {
    id,
    type: DiscordChannelType.PublicThread,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    name,
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    rate_limit_per_user: 0,
    flags: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
    },
  };
}

/** A DM channel between the bot and `recipient`. */
export function dmChannel(id: string, recipient: DiscordUser): DiscordChannel {
  return {
    id,
    type: DiscordChannelType.DM,
    last_message_id: null,
    flags: 0,
    recipients: [recipient],
  };
}

/** A guild member object for `user`. */
export function memberObject(user: DiscordUser | null, joinedAt: string): Record<string, unknown> {
  return {
    ...(user ? { user } : {}),
    roles: [],
    nick: null,
    avatar: null,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
  };
}

/** The fields of a guild that GUILD_CREATE carries besides channels, threads and members. */
export function guildBase(
  id: string,
  name: string,
  ownerId: string,
  joinedAt: string,
  memberCount: number,
): Record<string, unknown> {
  return {
    id,
    name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    features: [],
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US",
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    max_members: 500_000,
    application_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    emojis: [],
    stickers: [],
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: memberCount,
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    roles: [
      {
        id,
        name: "@everyone",
        permissions: EveryonePermissions,
        position: 0,
        color: 0,
        colors: { primary_color: 0 },
        hoist: false,
        managed: false,
        mentionable: false,
        icon: null,
        unicode_emoji: null,
        flags: 0,
      },
    ],
  };
}

/** Fields of a new message; the rest get Discord's defaults. */
export interface MessageFields {
  id: string;
  channelId: string;
  author: DiscordUser;
  content: string;
  mentions?: DiscordUser[];
  referenced?: DiscordMessage;
  guildId?: string;
  nonce?: string | number;
  embeds?: unknown[];
  tts?: boolean;
}

/** A message object as REST returns it (gateway events add guild_id, member, channel_type). */
export function messageObject(fields: MessageFields): DiscordMessage {
  return {
    id: fields.id,
    channel_id: fields.channelId,
    author: fields.author,
    content: fields.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: fields.tts ?? false,
    mention_everyone: false,
    mentions: fields.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: fields.embeds ?? [],
    pinned: false,
    type: fields.referenced ? 19 : 0,
    flags: 0,
    components: [],
    ...(fields.nonce !== undefined ? { nonce: fields.nonce } : {}),
    ...(fields.referenced
      ? {
          message_reference: {
            type: 0,
            message_id: fields.referenced.id,
            channel_id: fields.referenced.channel_id,
            ...(fields.guildId ? { guild_id: fields.guildId } : {}),
          },
          referenced_message: { ...fields.referenced, referenced_message: undefined },
        }
      : {}),
  };
}

/** The users `<@id>` / `<@!id>` tokens in `content` name, resolved through `lookup`. */
export function parseMentions(
  content: string,
  lookup: (id: string) => DiscordUser | undefined,
): DiscordUser[] {
  const found = new Map<string, DiscordUser>();
  for (const match of content.matchAll(/<@!?(\d+)>/g)) {
    const user = lookup(match[1] ?? "");
    if (user) found.set(user.id, user);
  }
  return [...found.values()];
}
