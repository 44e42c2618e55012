import type { Logger } from "@clawfleet/log";
import type OpenAI from "openai";
import type {
  ChatMessage,
  ChatModel,
  ChatPart,
  ModelRequest,
  ModelResponse,
  ToolCall,
} from "../../domain/models/chat-model.js";
import type { ProviderSettings } from "../../domain/models/provider-settings.js";
import { classifySdkFailure } from "../classify-http-failure.js";
import { sdkClientOptions } from "../sdk-client-options.js";

type MessageParam = OpenAI.Chat.ChatCompletionMessageParam;
type Chunk = OpenAI.Chat.ChatCompletionChunk;

/** Loaded only when an OpenAI-protocol model is used (keeps an idle worker small). */
let sdk: Promise<{ default: typeof OpenAI }> | undefined;

/** Translates the neutral conversation into chat-completions messages (tool results become `tool` messages). */
export function toOpenAi(system: string, messages: readonly ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [{ role: "system", content: system }];
  for (const message of messages) {
    const text = message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n\n");
    if (message.role === "assistant") {
      const calls = message.content.flatMap((p) =>
        p.type === "tool_use"
          ? [
              {
                id: p.id,
                type: "function" as const,
                function: { name: p.name, arguments: JSON.stringify(p.input) },
              },
            ]
          : [],
      );
      out.push({
        role: "assistant",
        content: text || null,
        ...(calls.length ? { tool_calls: calls } : {}),
      });
      continue;
    }
    for (const part of message.content) {
      if (part.type === "tool_result")
        out.push({
          role: "tool",
          tool_call_id: part.toolUseId,
          content: part.isError ? `Error: ${part.content}` : part.content,
        });
    }
    const user = userContent(message.content, text);
    if (user) out.push({ role: "user", content: user });
  }
  return out;
}

/**
 * A user message's content: its text as one string, or — when it carries images — text and
 * `image_url` parts (base64 `data:` URLs) in the order the message has them.
 */
function userContent(
  parts: readonly ChatPart[],
  text: string,
): string | OpenAI.Chat.ChatCompletionContentPart[] | undefined {
  if (!parts.some((p) => p.type === "image")) return text || undefined;
  return parts.flatMap((part): OpenAI.Chat.ChatCompletionContentPart[] => {
    if (part.type === "text") return part.text ? [{ type: "text", text: part.text }] : [];
    if (part.type === "image")
      return [
        { type: "image_url", image_url: { url: `data:${part.mimeType};base64,${part.data}` } },
      ];
    return [];
  });
}

const STOP_REASONS: Record<string, string> = {
  stop: "end_turn",
  tool_calls: "tool_use",
  length: "max_tokens",
  content_filter: "refusal",
};

/** Accumulates a chat-completions stream. */
class ChunkAccumulator {
  text = "";
  stopReason = "end_turn";
  readonly usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  readonly #calls = new Map<number, { id: string; name: string; args: string }>();

  constructor(private readonly onText: (delta: string) => void) {}

  add(chunk: Chunk): void {
    if (chunk.usage) {
      // prompt_tokens includes the cached part; the agents count uncached input and cache reads apart.
      const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
      this.usage.inputTokens = chunk.usage.prompt_tokens - cached;
      this.usage.cacheReadTokens = cached;
      this.usage.outputTokens = chunk.usage.completion_tokens;
    }
    const choice = chunk.choices[0];
    if (!choice) return;
    if (choice.delta.content) {
      this.text += choice.delta.content;
      this.onText(choice.delta.content);
    }
    for (const call of choice.delta.tool_calls ?? []) {
      const open = this.#calls.get(call.index) ?? { id: "", name: "", args: "" };
      if (call.id) open.id = call.id;
      if (call.function?.name) open.name = call.function.name;
      if (call.function?.arguments) open.args += call.function.arguments;
      this.#calls.set(call.index, open);
    }
    if (choice.finish_reason)
      this.stopReason = STOP_REASONS[choice.finish_reason] ?? choice.finish_reason;
  }

  toolCalls(): ToolCall[] {
    return [...this.#calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => ({
        id: c.id,
        name: c.name,
        input: c.args.trim() ? (JSON.parse(c.args) as Record<string, unknown>) : {},
      }));
  }
}

/** OpenAI chat completions (and compatible servers) through the official SDK, streamed, SDK retries off. */
export class OpenAiModel implements ChatModel {
  #client: Promise<OpenAI> | undefined;

  constructor(
    private readonly settings: ProviderSettings,
    private readonly logger: Logger,
  ) {}

  async complete(request: ModelRequest): Promise<ModelResponse> {
    try {
      const client = await this.#clientOnce();
      const limit =
        this.settings.id === "openai"
          ? { max_completion_tokens: request.maxTokens }
          : { max_tokens: request.maxTokens };
      const stream = await client.chat.completions.create(
        {
          model: request.model,
          messages: toOpenAi(request.system, request.messages),
          ...(request.tools.length > 0
            ? {
                tools: request.tools.map((t) => ({
                  type: "function" as const,
                  function: { name: t.name, description: t.description, parameters: t.inputSchema },
                })),
              }
            : {}),
          ...limit,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: request.signal },
      );
      const acc = new ChunkAccumulator(request.onText);
      for await (const chunk of stream) acc.add(chunk);
      return {
        text: acc.text,
        toolCalls: acc.toolCalls(),
        stopReason: acc.stopReason,
        usage: acc.usage,
      };
    } catch (error) {
      throw classifySdkFailure(error, `${this.settings.id}/${request.model}`, request.signal);
    }
  }

  #clientOnce(): Promise<OpenAI> {
    this.#client ??= (async () => {
      sdk ??= import("openai");
      const { default: OpenAiSdk } = await sdk;
      return new OpenAiSdk(sdkClientOptions(this.settings, this.logger));
    })();
    return this.#client;
  }
}
