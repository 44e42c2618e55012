/** A piece of a conversation message, provider-neutral. */
export type ChatPart =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "tool_result"; toolUseId: string; content: string; isError?: boolean }
  | ImagePart;

/**
 * An image the user attached, as base64 bytes. `name` (the file name, else "image") is what a text
 * note says instead when the model answering cannot see images.
 */
export interface ImagePart {
  type: "image";
  mimeType: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  data: string;
  name?: string;
}

/** One conversation message as the agents build it; adapters translate it to their provider's format. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: ChatPart[];
}

/** A tool as offered to the model. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
}

/** One model call. */
export interface ModelRequest {
  /** The provider's own model id (`claude-opus-4-5`, `gpt-4o`). */
  model: string;
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  maxTokens: number;
  /** Aborts the call (turn timeout, `/stop`, shutdown). */
  signal: AbortSignal;
  /** Called with each piece of streamed text. */
  onText(delta: string): void;
}

/** A tool call the model asked for. */
export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** What a model call produced. */
export interface ModelResponse {
  text: string;
  toolCalls: ToolCall[];
  stopReason: string;
  usage: TokenUsage;
}

/** Tokens one model call used, as its provider reported them (input excludes cache reads and writes). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/**
 * A provider client: streams one request and resolves with the whole answer, or rejects with a
 * classified `ModelError`. Implemented by the adapters (the only place a vendor SDK is imported).
 */
export interface ChatModel {
  complete(request: ModelRequest): Promise<ModelResponse>;
}
