/** A block of an assistant reply, provider-neutral. */
export type LlmBlock =
  | { readonly type: "text"; readonly text: string }
  | {
      readonly type: "tool_use";
      readonly name: string;
      readonly input: Record<string, unknown>;
      readonly id?: string;
    };

/** Why a reply ended, provider-neutral (Anthropic names; OpenAI maps them to stop / tool_calls / length). */
export type LlmStopReason = "end_turn" | "tool_use" | "max_tokens";

/** Error families every LLM fake can produce, each in its provider's real shape. */
export const LlmErrorKind = {
  RateLimit: "rate_limit",
  SpendLimit: "spend_limit",
  Overloaded: "overloaded",
  Server: "api_error",
  InvalidRequest: "invalid_request",
  Authentication: "authentication",
  /** The prompt is longer than the model's context window (Anthropic "prompt is too long", OpenAI context_length_exceeded). */
  ContextOverflow: "context_overflow",
} as const;

/** One of `LlmErrorKind`. */
export type LlmErrorKindValue = (typeof LlmErrorKind)[keyof typeof LlmErrorKind];

/** Token counts a reply reports instead of the fake's estimate (cache counts default to 0). */
export interface LlmUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

/** What the fake does for one request. `delayMs` waits before answering. */
export type LlmBehaviour =
  | {
      readonly kind: "reply";
      readonly blocks: readonly LlmBlock[];
      readonly stopReason?: LlmStopReason;
      readonly usage?: LlmUsage;
      readonly delayMs?: number;
    }
  | {
      readonly kind: "error";
      readonly error: LlmErrorKindValue;
      readonly message?: string;
      readonly retryAfterSeconds?: number;
      readonly delayMs?: number;
    }
  /** Streams `partial`, then an in-stream error event (a JSON request gets the plain HTTP error). */
  | {
      readonly kind: "streamError";
      readonly error: LlmErrorKindValue;
      readonly partial: readonly LlmBlock[];
      readonly message?: string;
      readonly delayMs?: number;
    }
  /** Streams `partial`, then cuts the TCP connection (a JSON request is cut before any answer). */
  | { readonly kind: "drop"; readonly partial: readonly LlmBlock[]; readonly delayMs?: number }
  /** A text reply saying which images the request carried (count, type, bytes, sha256 prefix). */
  | { readonly kind: "describeImages"; readonly delayMs?: number };

/** Builders for scripted behaviours: `llm.text("hi")`, `llm.toolUse("get_weather", {city: "Rome"})`, `llm.error("overloaded")`… */
export const llm = {
  /** A plain text reply. */
  text: (
    text: string,
    options: { stopReason?: LlmStopReason; usage?: LlmUsage } = {},
  ): LlmBehaviour => ({
    kind: "reply",
    blocks: [{ type: "text", text }],
    ...options,
  }),
  /** A tool call, optionally preceded by text; stop reason tool_use. */
  toolUse: (
    name: string,
    input: Record<string, unknown>,
    options: { text?: string; id?: string } = {},
  ): LlmBehaviour => ({
    kind: "reply",
    blocks: [
      ...(options.text ? [{ type: "text", text: options.text } as const] : []),
      { type: "tool_use", name, input, ...(options.id ? { id: options.id } : {}) },
    ],
  }),
  /** Any blocks. */
  blocks: (blocks: readonly LlmBlock[], stopReason?: LlmStopReason): LlmBehaviour => ({
    kind: "reply",
    blocks,
    ...(stopReason ? { stopReason } : {}),
  }),
  /** An HTTP error of the given family. */
  error: (
    error: LlmErrorKindValue,
    options: { message?: string; retryAfterSeconds?: number } = {},
  ): LlmBehaviour => ({ kind: "error", error, ...options }),
  /** Some streamed text, then an error event inside the stream. */
  streamError: (
    error: LlmErrorKindValue,
    options: { partialText?: string; message?: string } = {},
  ): LlmBehaviour => ({
    kind: "streamError",
    error,
    partial: [{ type: "text", text: options.partialText ?? "partial answer" }],
    ...(options.message ? { message: options.message } : {}),
  }),
  /** Some streamed text, then a dropped connection. */
  drop: (options: { partialText?: string } = {}): LlmBehaviour => ({
    kind: "drop",
    partial: options.partialText === undefined ? [] : [{ type: "text", text: options.partialText }],
  }),
  /** A text reply naming the images the request carried: `saw 1 image: image/png 68 bytes sha256:0123456789ab`. */
  describeImages: (): LlmBehaviour => ({ kind: "describeImages" }),
  /** `behaviour`, answered `ms` later. */
  delay: (ms: number, behaviour: LlmBehaviour): LlmBehaviour => ({
    ...behaviour,
    delayMs: (behaviour.delayMs ?? 0) + ms,
  }),
} as const;
