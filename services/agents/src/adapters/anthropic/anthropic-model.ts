import type Anthropic from "@anthropic-ai/sdk";
import type { Logger } from "@clawfleet/log";
import type {
  ChatMessage,
  ChatModel,
  ModelRequest,
  ModelResponse,
  ToolCall,
} from "../../domain/models/chat-model.js";
import type { ProviderSettings } from "../../domain/models/provider-settings.js";
import { classifySdkFailure } from "../classify-http-failure.js";
import { sdkClientOptions } from "../sdk-client-options.js";
import { quietConsoleWarn } from "../sdk-logging.js";

type MessageParam = Anthropic.MessageParam;
type StreamEvent = Anthropic.RawMessageStreamEvent;

/** Loaded on first use, so a worker that never calls Anthropic never pays for the SDK. */
let sdk: Promise<{ default: typeof Anthropic }> | undefined;

function toAnthropic(messages: readonly ChatMessage[]): MessageParam[] {
  return messages.map((message) => ({
    role: message.role,
    content: message.content.map((part) => {
      if (part.type === "text") return { type: "text" as const, text: part.text };
      if (part.type === "tool_use")
        return { type: "tool_use" as const, id: part.id, name: part.name, input: part.input };
      if (part.type === "image")
        return {
          type: "image" as const,
          source: { type: "base64" as const, media_type: part.mimeType, data: part.data },
        };
      return {
        type: "tool_result" as const,
        tool_use_id: part.toolUseId,
        content: part.content,
        ...(part.isError ? { is_error: true } : {}),
      };
    }),
  }));
}

/** Accumulates a raw Messages stream into text, tool calls, stop reason and usage. */
class StreamAccumulator {
  text = "";
  stopReason = "end_turn";
  readonly usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  readonly toolCalls: ToolCall[] = [];
  readonly #json = new Map<number, { call: ToolCall; json: string }>();

  constructor(private readonly onText: (delta: string) => void) {}

  add(event: StreamEvent): void {
    switch (event.type) {
      case "message_start":
        this.usage.inputTokens = event.message.usage.input_tokens;
        this.usage.cacheReadTokens = event.message.usage.cache_read_input_tokens ?? 0;
        this.usage.cacheWriteTokens = event.message.usage.cache_creation_input_tokens ?? 0;
        return;
      case "content_block_start":
        if (event.content_block.type === "tool_use") {
          this.#json.set(event.index, {
            call: { id: event.content_block.id, name: event.content_block.name, input: {} },
            json: "",
          });
        }
        return;
      case "content_block_delta":
        if (event.delta.type === "text_delta") {
          this.text += event.delta.text;
          this.onText(event.delta.text);
        } else if (event.delta.type === "input_json_delta") {
          const open = this.#json.get(event.index);
          if (open) open.json += event.delta.partial_json;
        }
        return;
      case "content_block_stop": {
        const open = this.#json.get(event.index);
        if (!open) return;
        open.call.input = open.json.trim()
          ? (JSON.parse(open.json) as Record<string, unknown>)
          : {};
        this.toolCalls.push(open.call);
        this.#json.delete(event.index);
        return;
      }
      case "message_delta":
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        this.usage.outputTokens = event.usage.output_tokens;
        return;
      default:
        return;
    }
  }
}

/** Anthropic's Messages API through `@anthropic-ai/sdk`, streamed, with the SDK's own retries off. */
export class AnthropicModel implements ChatModel {
  #client: Promise<Anthropic> | undefined;

  constructor(
    private readonly settings: ProviderSettings,
    private readonly logger: Logger,
  ) {}

  async complete(request: ModelRequest): Promise<ModelResponse> {
    try {
      const client = await this.#clientOnce();
      const params = {
        model: request.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: toAnthropic(request.messages),
        ...(request.tools.length > 0
          ? {
              tools: request.tools.map((t) => ({
                name: t.name,
                description: t.description,
                input_schema: t.inputSchema as { type: "object" },
              })),
            }
          : {}),
        stream: true as const,
      };
      // The SDK console.warns for deprecated models on every call; route that to our log instead.
      const pending = quietConsoleWarn(this.logger, () =>
        client.messages.create(params, { signal: request.signal }),
      );
      const stream = await pending;
      const acc = new StreamAccumulator(request.onText);
      for await (const event of stream) acc.add(event);
      return {
        text: acc.text,
        toolCalls: acc.toolCalls,
        stopReason: acc.stopReason,
        usage: acc.usage,
      };
    } catch (error) {
      throw classifySdkFailure(error, `${this.settings.id}/${request.model}`, request.signal);
    }
  }

  #clientOnce(): Promise<Anthropic> {
    this.#client ??= (async () => {
      sdk ??= import("@anthropic-ai/sdk");
      const { default: AnthropicSdk } = await sdk;
      return new AnthropicSdk(sdkClientOptions(this.settings, this.logger));
    })();
    return this.#client;
  }
}
