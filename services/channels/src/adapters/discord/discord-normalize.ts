import { ChannelType, type Message } from "discord.js";
import { parseInboundMessage, type InboundMessage } from "@clawfleet/core";
import type { BotIdentity } from "../../domain/channel-adapter.js";
import { mediaKindOf, type MediaKind } from "../../domain/inbound-media.js";

/** An attachment of a Discord message, described for the placeholder and fetched from its CDN URL. */
export interface DiscordMediaRef {
  kind: MediaKind;
  url: string;
  mimeType?: string | undefined;
  fileName: string;
  /** The declared size; 0 when Discord does not say (stickers). */
  size: number;
}

/** A normalized message, or why the event carries nothing to handle. */
export type NormalizedDiscordMessage =
  | { ok: true; message: InboundMessage; media: DiscordMediaRef[] }
  | { ok: false; reason: string; invalid: boolean };

/** The message's attachments as media (kind from the declared content type), then its stickers by name. */
function discordMedia(message: Message): DiscordMediaRef[] {
  const attachments = [...message.attachments.values()].map((attachment) => ({
    kind: mediaKindOf(attachment.contentType),
    url: attachment.url,
    mimeType: attachment.contentType ?? undefined,
    fileName: attachment.name,
    size: attachment.size,
  }));
  const stickers = [...message.stickers.values()].map((sticker) => ({
    kind: "sticker" as const,
    url: sticker.url,
    fileName: sticker.name,
    size: 0,
  }));
  return [...attachments, ...stickers];
}

function skip(reason: string, invalid = false): NormalizedDiscordMessage {
  return { ok: false, reason, invalid };
}

/**
 * A discord.js message as the normalized inbound message: DMs have the author as peer (replies go
 * through the DM channel), guild channels have the channel as peer, and a thread message has the
 * thread as peer and `threadId` with its parent's id and name (threads follow their parent's rules).
 * Bots — including this one, whose messages come back on the gateway — are skipped.
 */
export function normalizeDiscordMessage(
  message: Message,
  accountId: string,
  bot: BotIdentity,
): NormalizedDiscordMessage {
  if (message.author.id === bot.id) return skip("the bot's own message");
  if (message.author.bot) return skip("a message from another bot");
  if (message.system) return skip("a system message");
  const text = message.content;
  const media = discordMedia(message);
  if (text.trim() === "" && media.length === 0)
    return skip(
      "no text (without the MessageContent intent, unmentioned guild messages arrive empty)",
    );
  const channel = message.channel;
  const inGuild = message.guildId !== null;
  const thread = inGuild && channel.isThread() ? channel : undefined;
  const repliedUser = message.mentions.repliedUser;
  const result = parseInboundMessage({
    channel: "discord",
    accountId,
    messageId: message.id,
    peer: inGuild
      ? { kind: "channel", id: channel.id }
      : channel.type === ChannelType.DM
        ? { kind: "dm", id: message.author.id }
        : { kind: "group", id: channel.id },
    sender: {
      id: message.author.id,
      username: message.author.username,
      displayName: message.member?.displayName ?? message.author.globalName ?? undefined,
    },
    text,
    mentioned: message.mentions.users.has(bot.id),
    replyTo: message.reference?.messageId
      ? { messageId: message.reference.messageId, toBot: repliedUser?.id === bot.id }
      : undefined,
    threadId: thread?.id,
    parentChannelId: thread?.parentId ?? undefined,
    parentChannelName: thread?.parent?.name,
    guildId: message.guildId ?? undefined,
    guildName: message.guild?.name,
    chatTitle: inGuild && "name" in channel ? (channel.name ?? undefined) : undefined,
    timestamp: message.createdTimestamp,
  });
  return result.ok
    ? { ok: true, message: result.message, media }
    : skip(`unusable message: ${result.errors.join("; ")}`, true);
}
