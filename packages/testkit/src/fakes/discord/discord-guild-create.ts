import { guildBase, memberObject } from "./discord-payloads.js";
import { DiscordChannelType } from "./discord-types.js";
import type { DiscordGuildRecord, DiscordWorld } from "./discord-world.js";

/** The GUILD_CREATE payload of a guild: base fields, roles, text channels, active threads and bot members. */
export function guildCreatePayload(
  world: DiscordWorld,
  guild: DiscordGuildRecord,
): Record<string, unknown> {
  const isThread = (type: number): boolean =>
    type === DiscordChannelType.PublicThread || type === DiscordChannelType.PrivateThread;
  // GUILD_CREATE lists channels without guild_id; threads keep it.
  const channels = guild.channels
    .filter((c) => !isThread(c.type))
    .map(({ guild_id: _guildId, ...rest }) => rest);
  const threads = guild.channels.filter((c) => isThread(c.type));
  const members = [...guild.memberIds]
    .map((id) => world.users.get(id))
    .filter((user) => user !== undefined)
    .map((user) => memberObject(user, guild.joinedAt));
  return {
    ...guildBase(guild.id, guild.name, guild.ownerId, guild.joinedAt, guild.memberIds.size),
    channels,
    threads,
    members,
  };
}
