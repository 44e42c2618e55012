import type { GatewaySessionView } from "./discord-gateway.js";
import { memberObject } from "./discord-payloads.js";
import { DiscordChannelType, GatewayIntent } from "./discord-types.js";
import type { DiscordChannel, DiscordMessage } from "./discord-types.js";

/**
 * The MESSAGE_CREATE payload one session receives, or null when its intents exclude the
 * event. Without the MessageContent intent, content is empty unless the message is a DM,
 * mentions the bot or is the bot's own — as Discord does.
 */
export function messageCreateFor(
  session: GatewaySessionView,
  message: DiscordMessage,
  channel: DiscordChannel,
): Record<string, unknown> | null {
  const isDm = channel.type === DiscordChannelType.DM;
  const needed = isDm ? GatewayIntent.DirectMessages : GatewayIntent.GuildMessages;
  if ((session.intents & needed) === 0) return null;
  const botId = session.bot.user.id;
  const contentVisible =
    isDm ||
    (session.intents & GatewayIntent.MessageContent) !== 0 ||
    message.author.id === botId ||
    message.mentions.some((u) => u.id === botId);
  const visible = contentVisible
    ? message
    : { ...message, content: "", embeds: [], attachments: [], components: [] };
  if (isDm) return { ...visible, channel_type: DiscordChannelType.DM };
  return {
    ...visible,
    guild_id: channel.guild_id,
    channel_type: channel.type,
    member: memberObject(null, message.timestamp),
  };
}
