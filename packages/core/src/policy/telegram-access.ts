import type { AccessDecision, AccessInput } from "./access-decision.js";
import { ACCEPT, deny, describeChat, describeSender, mentionGate } from "./access-decision.js";
import { hasAllowEntries, isSenderAllowed } from "./allow-from.js";
import { resolveGroupPolicy } from "./channel-access-config.js";

function senderGate(input: AccessInput, explicitChat: boolean): AccessDecision {
  const { message, config } = input;
  const senders = config?.groupAllowFrom ?? config?.allowFrom;
  // A chat listed by its own id is itself the allowlist entry, as in OpenClaw.
  if (!hasAllowEntries(senders)) {
    return explicitChat
      ? ACCEPT
      : deny(
          `${describeChat(message)}: groupPolicy allowlist needs groupAllowFrom (or allowFrom) or a groups entry`,
        );
  }
  return isSenderAllowed(senders, message.sender)
    ? ACCEPT
    : deny(`${describeSender(message)} is not in channels.${message.channel}.groupAllowFrom`);
}

/**
 * Access for a Telegram group, supergroup or channel post (and a WhatsApp group, whose `groups`
 * map has the same shape, keyed by group JID), as OpenClaw decides it: `groupPolicy`
 * disabled refuses; a non-empty `groups` map is a chat allowlist (`<chatId>` or `"*"`); a group's
 * `enabled: false` refuses; a group's own `allowFrom` restricts senders under any policy; under
 * `allowlist` senders must be in `groupAllowFrom` (falling back to `allowFrom`) unless the chat
 * is listed by id and no sender list exists; then `requireMention` (group, `"*"`, default true).
 */
export function decideTelegramGroupAccess(input: AccessInput): AccessDecision {
  const { message, config } = input;
  const policy = resolveGroupPolicy(config, input.defaults);
  if (policy === "disabled")
    return deny(`${message.channel} group messages are disabled (groupPolicy: disabled)`);
  const groups = config?.groups ?? {};
  const exact = groups[message.peer.id];
  const wildcard = groups["*"];
  const rule = exact ?? wildcard;
  if (!rule && Object.keys(groups).length > 0) {
    return deny(`${describeChat(message)} is not in channels.${message.channel}.groups`);
  }
  if (rule?.enabled === false)
    return deny(`${describeChat(message)} is disabled in channels.${message.channel}.groups`);
  if (hasAllowEntries(rule?.allowFrom)) {
    if (!isSenderAllowed(rule?.allowFrom, message.sender)) {
      return deny(`${describeSender(message)} is not in the allowFrom of ${describeChat(message)}`);
    }
  } else if (policy === "allowlist") {
    const gate = senderGate(input, exact !== undefined);
    if (gate.action !== "accept") return gate;
  }
  const requireMention = exact?.requireMention ?? wildcard?.requireMention ?? true;
  return mentionGate(requireMention, input, describeChat(message));
}
