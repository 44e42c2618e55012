import type { LlmImageSeen } from "./llm-images.js";

/** A request an LLM fake received, normalised across providers, for assertions. */
export interface LlmRequestRecord {
  provider: "anthropic" | "openai";
  model: string;
  /** Anthropic's `system`, or OpenAI's system/developer messages, as text. */
  system: string;
  /** The conversation as sent (provider format). */
  messages: readonly unknown[];
  tools: readonly unknown[];
  stream: boolean;
  /** Text of the last user turn (or of the tool results it carries). */
  lastUserText: string;
  /** Every image of the request, in order (validated: the declared type, decodable bytes). */
  images: readonly LlmImageSeen[];
  body: Readonly<Record<string, unknown>>;
  headers: Readonly<Record<string, string>>;
  apiKey: string;
  at: number;
}

/** Plain text of message content in either provider's format (string, or blocks with `text` / tool results). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts = content.flatMap((block: unknown) => {
    if (block === null || typeof block !== "object") return [];
    const b = block as Record<string, unknown>;
    if (typeof b["text"] === "string") return [b["text"]];
    if (b["type"] === "tool_result") return [contentText(b["content"])];
    return [];
  });
  return texts.join("\n");
}

/** A rough token count (4 characters a token), enough for usage fields. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.max(1, Math.ceil(text.length / 4));
}
