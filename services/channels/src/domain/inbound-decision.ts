import {
  compileMentionPatterns,
  decideAccess,
  detectMention,
  parseChatCommand,
  resolveMentionPatterns,
  resolveRoute,
  type ChannelAccessConfig,
  type ChatCommand,
  type CoreConfig,
  type InboundMessage,
  type ResolvedRoute,
} from "@clawfleet/core";
import type { BotIdentity } from "./channel-adapter.js";

/** What to do with one inbound message. */
export type InboundPlan =
  /** Hand it to the agent: route, the chat command it is (if any), and the text the agent sees. */
  | { action: "submit"; route: ResolvedRoute; command: ChatCommand | null; text: string }
  /** An unknown DM sender under `dmPolicy: pairing`: issue a pairing code, process nothing. */
  | { action: "pair"; reason: string }
  /** Drop it: not addressed to the bot, or not allowed; the reason is for debug logs only. */
  | { action: "drop"; reason: string; denied: boolean };

/** What the decision reads besides the message. */
export interface InboundContext {
  config: CoreConfig;
  /** The account's access rules. */
  access: ChannelAccessConfig;
  /** Senders approved through pairing on this account (only read for DMs). */
  pairedSenders: ReadonlySet<string>;
  bot: BotIdentity;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text the agent sees: a leading mention of the bot (`@name`, `<@id>`) is dropped, as in OpenClaw. */
export function agentText(text: string, bot: Pick<BotIdentity, "id" | "username">): string {
  const names = [`<@!?${escapeRegExp(bot.id)}>`];
  if (bot.username) names.push(`@${escapeRegExp(bot.username)}`);
  const stripped = text.replace(
    new RegExp(`^\\s*(?:${names.join("|")})(?=[\\s,:]|$)[\\s,:]*`, "i"),
    "",
  );
  return stripped.trim() === "" ? text.trim() : stripped.trim();
}

/**
 * Decides an inbound message: routes it (bindings → agent, session key), detects a mention (the
 * platform flag, a reply to the bot, or the agent's mention patterns) and a chat command, then
 * applies the account's access policy.
 */
export function decideInbound(message: InboundMessage, context: InboundContext): InboundPlan {
  const route = resolveRoute(context.config, message);
  const patterns = compileMentionPatterns(resolveMentionPatterns(context.config, route.agentId));
  const mention = detectMention(message, patterns);
  const command = parseChatCommand(message.text, {
    botUsername: context.bot.username,
    botUserId: context.bot.id,
    resetTriggers: context.config.session?.resetTriggers,
  });
  const decision = decideAccess({
    message,
    config: context.access,
    defaults: context.config.channels?.defaults,
    pairedSenders: context.pairedSenders,
    mentioned: mention.mentioned,
    isCommand: command !== null,
  });
  switch (decision.action) {
    case "accept":
      return { action: "submit", route, command, text: agentText(message.text, context.bot) };
    case "pair":
      return { action: "pair", reason: decision.reason };
    case "ignore":
      return { action: "drop", reason: decision.reason, denied: false };
    case "deny":
      return { action: "drop", reason: decision.reason, denied: true };
  }
}
