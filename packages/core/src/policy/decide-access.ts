import type { AccessDecision, AccessInput } from "./access-decision.js";
import {
  ACCEPT,
  deny,
  describeChat,
  describeSender,
  ignore,
  mentionGate,
} from "./access-decision.js";
import { hasAllowEntries, isSenderAllowed } from "./allow-from.js";
import { resolveGroupPolicy } from "./channel-access-config.js";
import { decideDiscordGuildAccess } from "./discord-access.js";
import { decideTelegramGroupAccess } from "./telegram-access.js";

/**
 * Access for a direct message under `dmPolicy` (default `pairing`): `disabled` refuses, `open`
 * accepts, `allowlist` accepts only `allowFrom` (ids, usernames, `"*"`), `pairing` also accepts
 * senders approved through pairing and asks unknown senders to pair.
 */
export function decideDmAccess(input: AccessInput): AccessDecision {
  const { message, config } = input;
  const policy = config?.dmPolicy ?? "pairing";
  if (policy === "disabled")
    return deny(`${message.channel} DMs are disabled (dmPolicy: disabled)`);
  if (policy === "open") return ACCEPT;
  if (isSenderAllowed(config?.allowFrom, message.sender)) return ACCEPT;
  if (policy === "allowlist")
    return deny(`${describeSender(message)} is not in allowFrom (dmPolicy: allowlist)`);
  if (input.pairedSenders?.has(message.sender.id)) return ACCEPT;
  return {
    action: "pair",
    reason: `${describeSender(message)} is not paired yet (dmPolicy: pairing)`,
  };
}

/** Group access for channels without platform-specific rules: `groupPolicy`, sender allowlist, mention. */
export function decideGenericGroupAccess(input: AccessInput): AccessDecision {
  const { message, config } = input;
  const policy = resolveGroupPolicy(config, input.defaults);
  if (policy === "disabled")
    return deny(`${message.channel} group messages are disabled (groupPolicy: disabled)`);
  if (policy === "allowlist") {
    const senders = config?.groupAllowFrom ?? config?.allowFrom;
    if (!hasAllowEntries(senders))
      return deny(`${describeChat(message)}: groupPolicy allowlist with no groupAllowFrom`);
    if (!isSenderAllowed(senders, message.sender))
      return deny(`${describeSender(message)} is not in groupAllowFrom`);
  }
  return mentionGate(true, input, describeChat(message));
}

/**
 * The access decision for an inbound message from its channel's config slice. Web chat is
 * accepted (the gateway authenticated the socket); DMs follow `dmPolicy`; Discord guild messages
 * Telegram, WhatsApp, Slack and Signal groups follow their `groups` rules; Discord group DMs are ignored, as OpenClaw
 * does by default. Voice calls use `decideVoiceAccess` instead.
 */
export function decideAccess(input: AccessInput): AccessDecision {
  const { message } = input;
  if (message.channel === "webchat") return ACCEPT;
  if (message.peer.kind === "dm") return decideDmAccess(input);
  if (message.channel === "discord") {
    return message.guildId === undefined
      ? ignore("Discord group DMs are not handled")
      : decideDiscordGuildAccess(input);
  }
  if (
    message.channel === "telegram" ||
    message.channel === "whatsapp" ||
    message.channel === "slack" ||
    message.channel === "signal"
  )
    return decideTelegramGroupAccess(input);
  return decideGenericGroupAccess(input);
}
