import type { LlmErrorKindValue, LlmStopReason } from "./llm-behaviour.js";
import type { LlmRequestRecord } from "./llm-request.js";

/** An HTTP error answer in a provider's shape. */
export interface WireError {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** A reply ready to render: tool calls carry ids, usage is counted. */
export interface ResolvedReply {
  blocks: (
    | { type: "text"; text: string }
    | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  )[];
  stopReason: LlmStopReason;
  /** Input tokens not read from or written to the prompt cache. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** SSE frames of a streamed reply: `head` carries the content, `tail` closes the message. */
export interface StreamFrames {
  head: string[];
  tail: string[];
}

/** The request fields a dialect extracts (the fake adds headers, key and time). */
export type ParsedRequest = Omit<LlmRequestRecord, "headers" | "apiKey" | "at">;

/** What distinguishes one LLM provider's wire format from another's; the shared `LlmFake` does the rest. */
export interface LlmDialect {
  readonly provider: LlmRequestRecord["provider"];
  /** The endpoint path, e.g. `/v1/messages`. */
  readonly path: string;
  /** What to append to the server URL to get the SDK's baseURL (`""` or `/v1`). */
  readonly sdkBasePath: string;
  /** The API key the request carries, or the 401 answer. */
  authenticate(headers: Readonly<Record<string, string>>): string | WireError;
  /** Validates and normalises a request body, or answers 400. */
  parse(
    body: Record<string, unknown>,
    headers: Readonly<Record<string, string>>,
  ): ParsedRequest | WireError;
  /** The error answer of a family. */
  error(kind: LlmErrorKindValue, message: string | undefined, retryAfterSeconds: number): WireError;
  /** The answer for a model the fake was told not to know. */
  unknownModel(model: string): WireError;
  /** The answer for a path or method the provider does not serve. */
  notFound(method: string, path: string): WireError;
  /** The JSON body of a non-streamed reply. */
  renderJson(reply: ResolvedReply, request: ParsedRequest): unknown;
  /** The SSE frames of a streamed reply. */
  renderStream(reply: ResolvedReply, request: ParsedRequest): StreamFrames;
  /** The SSE frame of an error inside a stream. */
  renderStreamError(kind: LlmErrorKindValue, message: string | undefined): string;
}

/** Whether a dialect answered with an error instead of a value. */
export function isWireError(value: unknown): value is WireError {
  return value !== null && typeof value === "object" && "status" in value && "body" in value;
}
