import type { InboundMessage } from "../message/inbound-message.js";
import type { ChannelAccessConfig, ChannelDefaultsConfig } from "./channel-access-config.js";

/**
 * What to do with an inbound message: process it, drop it quietly (not addressed to the bot,
 * switched off), start DM pairing for an unknown sender, or refuse it (not authorized). Reasons
 * are human-readable and meant for debug logs, never for the sender.
 */
export type AccessDecision =
  | { action: "accept" }
  | { action: "ignore"; reason: string }
  | { action: "pair"; reason: string }
  | { action: "deny"; reason: string };

/** The message fields access decisions read. */
export type AccessMessage = Pick<
  InboundMessage,
  | "channel"
  | "peer"
  | "sender"
  | "mentioned"
  | "replyTo"
  | "guildId"
  | "guildName"
  | "threadId"
  | "parentChannelId"
  | "parentChannelName"
  | "chatTitle"
>;

/** Everything an access decision depends on. */
export interface AccessInput {
  message: AccessMessage;
  /** `channels.<channel>` with the account's overrides already merged. */
  config?: ChannelAccessConfig;
  defaults?: ChannelDefaultsConfig;
  /** Sender ids approved through DM pairing on this account. */
  pairedSenders?: ReadonlySet<string>;
  /** Result of `detectMention`; defaults to the platform mention flag or a reply to the bot. */
  mentioned?: boolean;
  /** A chat command from this sender passes the mention requirement, as in OpenClaw. */
  isCommand?: boolean;
}

/** The accept decision. */
export const ACCEPT: AccessDecision = { action: "accept" };

/** A deny decision with its reason. */
export function deny(reason: string): AccessDecision {
  return { action: "deny", reason };
}

/** An ignore decision with its reason. */
export function ignore(reason: string): AccessDecision {
  return { action: "ignore", reason };
}

/** Applies `requireMention`: an unmentioned group message is ignored unless it is a command. */
export function mentionGate(
  requireMention: boolean,
  input: AccessInput,
  where: string,
): AccessDecision {
  if (!requireMention || input.isCommand === true) return ACCEPT;
  const { message } = input;
  const mentioned = input.mentioned ?? (message.mentioned || message.replyTo?.toBot === true);
  return mentioned ? ACCEPT : ignore(`not mentioned in ${where}, which requires a mention`);
}

/** Human label of a peer for reasons, e.g. `discord channel #general (123)`. */
export function describeChat(message: AccessMessage): string {
  const title = message.chatTitle ? ` "${message.chatTitle}"` : "";
  return `${message.channel} ${message.peer.kind} ${message.peer.id}${title}`;
}

/** Human label of a sender for reasons. */
export function describeSender(message: AccessMessage): string {
  const name = message.sender.username ? ` (@${message.sender.username.replace(/^@/, "")})` : "";
  return `sender ${message.sender.id}${name}`;
}
