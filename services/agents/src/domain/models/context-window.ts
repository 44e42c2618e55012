import type { OpenClawConfig } from "@clawfleet/config";
import type { ChatMessage, ChatPart } from "./chat-model.js";
import type { ModelRef } from "./model-ref.js";

/** Output tokens asked for when the provider's model list does not say. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

const KNOWN_WINDOWS: readonly [RegExp, number][] = [
  [/^claude-/, 200_000],
  [/^gpt-4\.1/, 1_000_000],
  [/^(gpt-4o|gpt-4-turbo|gpt-5|o\d)/, 128_000],
  [/^gemini-/, 1_000_000],
];
const FALLBACK_WINDOW = 128_000;

/** A rough token count: about four characters a token, plus a little per message. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * What one image counts for in the estimate. Providers charge by pixels (Anthropic about
 * width × height / 750, capped near 1,600 for the sizes they accept without scaling); the bytes
 * say little about that, so every image counts as a large one.
 */
export const IMAGE_TOKENS = 1_600;

function partTokens(part: ChatPart): number {
  if (part.type === "text") return estimateTokens(part.text);
  if (part.type === "image") return IMAGE_TOKENS;
  if (part.type === "tool_result") return estimateTokens(part.content) + 8;
  return estimateTokens(JSON.stringify(part.input)) + 8;
}

/** Estimates of messages seen before (history goes out with every turn; its messages are never changed). */
const estimated = new WeakMap<ChatMessage, number>();

/** Estimated tokens of one message. */
export function messageTokens(message: ChatMessage): number {
  let tokens = estimated.get(message);
  if (tokens === undefined) {
    tokens = 4 + message.content.reduce((sum, part) => sum + partTokens(part), 0);
    estimated.set(message, tokens);
  }
  return tokens;
}

/** The context window and output budget of a model: `contextTokens`, the provider's model list, known families, else 128 k. */
export function modelLimits(
  config: OpenClawConfig,
  ref: ModelRef,
): { contextWindow: number; maxOutputTokens: number } {
  const declared = config.models.providers[ref.provider]?.models.find((m) => m.id === ref.model);
  const known = KNOWN_WINDOWS.find(([pattern]) => pattern.test(ref.model))?.[1];
  const contextWindow =
    config.agents.defaults.contextTokens ?? declared?.contextWindow ?? known ?? FALLBACK_WINDOW;
  const maxOutputTokens = Math.min(
    declared?.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    Math.max(256, Math.floor(contextWindow / 4)),
  );
  return { contextWindow, maxOutputTokens };
}

/**
 * Keeps the conversation within the window: the system prompt and the latest input always stay;
 * older history is dropped oldest first until the estimate fits, and what remains starts with a
 * user message (providers reject a conversation that opens with the assistant).
 */
export function fitContext(
  history: readonly ChatMessage[],
  latest: readonly ChatMessage[],
  budgetTokens: number,
  systemTokens: number,
): { messages: ChatMessage[]; dropped: number } {
  let available =
    budgetTokens - systemTokens - latest.reduce((sum, m) => sum + messageTokens(m), 0);
  let first = history.length;
  while (first > 0) {
    const cost = messageTokens(history[first - 1]!);
    if (cost > available) break;
    available -= cost;
    first--;
  }
  while (first < history.length && history[first]!.role !== "user") first++;
  return { messages: mergeRoles([...history.slice(first), ...latest]), dropped: first };
}

/** Joins consecutive messages of the same role (a collected batch, history after a dropped reply). */
export function mergeRoles(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (last && last.role === message.role) last.content = [...last.content, ...message.content];
    else out.push({ role: message.role, content: [...message.content] });
  }
  return out;
}
