import { UNTRUSTED_NOTICE } from "./model-input.js";

/** How to answer on a phone call: the reply is spoken aloud while the caller waits. */
export const PHONE_CALL_RULES =
  "This is a live phone call: your reply is read aloud to the caller. Answer in one to three short, plain spoken sentences " +
  "(no markdown, lists, links or emoji), and always say something: the caller is waiting on the line.";

/** What the system prompt is built from. */
export interface SystemPromptInput {
  agentName: string;
  /** `agents.defaults.systemPrompt`, when the operator wrote one. */
  custom?: string;
  /** Channel of the batch (`telegram`, `discord`, `webchat`, …). */
  channel?: string;
  toolNames: readonly string[];
  now: Date;
  /** The composed workspace files ({@link composeProjectContext}); empty or absent when none. */
  projectContext?: string;
}

/**
 * The system prompt of a turn: the operator's prompt (or a short default), when and where the
 * conversation happens, the tools, the untrusted-content rule and the NO_REPLY convention — except
 * on a phone call, where the reply is spoken and a silent answer would leave the caller in dead air —
 * then the agent's workspace files (persona, user, memory …) as its project context.
 */
export function buildSystemPrompt(input: SystemPromptInput): string {
  const lines = [
    input.custom?.trim() ||
      `You are ${input.agentName}, a personal assistant people reach through chat apps, a web chat and phone calls. Answer concisely.`,
    "",
    `Current time: ${input.now.toISOString()}.`,
  ];
  if (input.channel) lines.push(`This conversation happens on ${input.channel}.`);
  if (input.toolNames.length > 0) lines.push(`Tools you may use: ${input.toolNames.join(", ")}.`);
  lines.push(UNTRUSTED_NOTICE);
  if (input.channel === "voice") lines.push(PHONE_CALL_RULES);
  else
    lines.push(
      "If a message needs no answer (for example chatter in a group that is not for you), reply with exactly NO_REPLY.",
    );
  if (input.projectContext) lines.push("", input.projectContext);
  return lines.join("\n");
}
