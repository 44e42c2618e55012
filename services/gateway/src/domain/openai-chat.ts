import { createHash } from "node:crypto";
import * as z from "zod";

const contentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
]);

/** The part of an OpenAI chat-completions request the gateway reads; other fields are accepted and ignored. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().max(128).optional(),
  messages: z
    .array(z.looseObject({ role: z.string(), content: contentSchema.nullable().optional() }))
    .min(1, "messages must not be empty"),
  stream: z.boolean().optional(),
  user: z.string().max(256).optional(),
});

/** What the gateway makes of a chat-completions request. */
export interface ChatCompletionInput {
  agentId: string;
  /** Session: stable per `user`, otherwise a fresh one per request. */
  sessionKey: string;
  text: string;
  stream: boolean;
  model: string;
}

/** Picks the agent (`x-openclaw-agent-id`, else `model: "openclaw:<id>"`, else the default), session and input text. */
export function chatCompletionInput(
  request: z.output<typeof chatCompletionRequestSchema>,
  headerAgent: string | undefined,
  defaultAgent: string,
  freshId: string,
): ChatCompletionInput | string {
  const fromModel = /^(?:openclaw|agent)[:/]([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/.exec(
    request.model ?? "",
  )?.[1];
  const agentId = (headerAgent?.trim() || fromModel || defaultAgent).toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(agentId)) return `agent id "${agentId}" is not valid`;
  const texts = request.messages.map((m) => ({ role: m.role, text: textOf(m.content) }));
  const lastUser = texts.findLastIndex((m) => m.role === "user");
  if (lastUser < 0 || texts[lastUser]!.text.trim() === "")
    return "messages must contain a user message with text";
  const peer = request.user
    ? createHash("sha256").update(request.user).digest("hex").slice(0, 24)
    : freshId;
  // A stateless request (no `user`) carries its own history: pass the earlier turns along. A stable
  // session keeps its own history, so only the client's system instructions travel with each turn.
  const earlier = request.user
    ? texts.slice(0, lastUser).filter((m) => m.role === "system")
    : texts.slice(0, lastUser);
  const preface = earlier
    .filter((m) => m.text.trim() !== "")
    .map((m) => `${m.role}: ${m.text}`)
    .join("\n");
  const text = preface ? `${preface}\n\n${texts[lastUser]!.text}` : texts[lastUser]!.text;
  return {
    agentId,
    sessionKey: `agent:${agentId}:openai:direct:${peer}`,
    text: text.slice(0, 100_000),
    stream: request.stream === true,
    model: request.model ?? `openclaw:${agentId}`,
  };
}

function textOf(content: z.output<typeof contentSchema> | null | undefined): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

/** A non-streaming chat-completions answer. */
export function completionBody(
  id: string,
  model: string,
  text: string,
  usage?: { inputTokens: number; outputTokens: number },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
  };
  if (usage)
    body.usage = {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    };
  return body;
}

/** One streamed chunk (`chat.completion.chunk`). */
export function completionChunk(
  id: string,
  model: string,
  delta: Record<string, unknown>,
  finishReason: string | null,
): Record<string, unknown> {
  return {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

/** An OpenAI-style error body. */
export function openAiError(message: string, type: string, code?: string): Record<string, unknown> {
  return { error: { message, type, ...(code ? { code } : {}) } };
}
