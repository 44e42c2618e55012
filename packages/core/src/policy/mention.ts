import type { InboundMessage } from "../message/inbound-message.js";
import { normalizeAgentId } from "../session/agent-id.js";

/** Compiled `mentionPatterns` plus the ones that failed to compile, for a config warning. */
export interface MentionPatternSet {
  regexes: readonly RegExp[];
  invalid: readonly { pattern: string; error: string }[];
}

/** The config slices that hold mention patterns. */
export interface MentionConfig {
  agents?: {
    list?: readonly { id: string; groupChat?: { mentionPatterns?: readonly string[] } }[];
  };
  messages?: { groupChat?: { mentionPatterns?: readonly string[] } };
}

/** How a message addressed the bot. */
export type MentionVia = "explicit" | "reply" | "pattern";

/** Whether a message addresses the bot, and how. */
export type MentionResult = { mentioned: true; via: MentionVia } | { mentioned: false };

/**
 * The mention patterns for an agent: its own `groupChat.mentionPatterns` when set (even empty),
 * else `messages.groupChat.mentionPatterns`, else none.
 */
export function resolveMentionPatterns(cfg: MentionConfig, agentId: string): readonly string[] {
  const id = normalizeAgentId(agentId);
  const agent = cfg.agents?.list?.find((entry) => normalizeAgentId(entry.id) === id);
  return agent?.groupChat?.mentionPatterns ?? cfg.messages?.groupChat?.mentionPatterns ?? [];
}

/** Compiles patterns as case-insensitive regexes; an invalid one is reported, never thrown. */
export function compileMentionPatterns(patterns: readonly string[] | undefined): MentionPatternSet {
  const regexes: RegExp[] = [];
  const invalid: { pattern: string; error: string }[] = [];
  for (const pattern of patterns ?? []) {
    if (pattern.trim() === "") continue;
    try {
      regexes.push(new RegExp(pattern, "i"));
    } catch (error) {
      invalid.push({ pattern, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { regexes, invalid };
}

/** Mention detection: the platform's mention flag, then a reply to one of the bot's messages, then the patterns. */
export function detectMention(
  message: Pick<InboundMessage, "text" | "mentioned" | "replyTo">,
  patterns?: MentionPatternSet,
): MentionResult {
  if (message.mentioned) return { mentioned: true, via: "explicit" };
  if (message.replyTo?.toBot === true) return { mentioned: true, via: "reply" };
  if (patterns?.regexes.some((regex) => regex.test(message.text)))
    return { mentioned: true, via: "pattern" };
  return { mentioned: false };
}
