import { randomId } from "../../shared/random-id.js";
import type { LlmErrorKindValue } from "../llm-behaviour.js";
import type {
  LlmDialect,
  ParsedRequest,
  ResolvedReply,
  StreamFrames,
  WireError,
} from "../llm-dialect.js";
import { isWireError } from "../llm-dialect.js";
import { contentText } from "../llm-request.js";
import { anthropicImages } from "./anthropic-images.js";
import { jsonChunks, sseEvent, textChunks } from "../stream-chunks.js";
import { invalidRequest, validateAnthropicRequest } from "./anthropic-validate.js";

/** A new `toolu_…` id. */
export const anthropicToolId = (): string => randomId("toolu_01", 22);

function errorBody(type: string, message: string, details?: Record<string, unknown>): unknown {
  return {
    type: "error",
    error: { type, message, ...(details ? { details } : {}) },
    request_id: randomId("req_011", 21),
  };
}

function anthropicError(
  kind: LlmErrorKindValue,
  message: string | undefined,
  retryAfterSeconds: number,
): WireError {
  switch (kind) {
    case "rate_limit":
      return {
        status: 429,
        headers: {
          "retry-after": String(retryAfterSeconds),
          "anthropic-ratelimit-requests-limit": "50",
          "anthropic-ratelimit-requests-remaining": "0",
          "anthropic-ratelimit-requests-reset": new Date(
            Date.now() + retryAfterSeconds * 1_000,
          ).toISOString(),
        },
        body: errorBody(
          "rate_limit_error",
          message ??
            "Number of request tokens has exceeded your per-minute rate limit. Please reduce the prompt length or the maximum tokens requested, or try again later.",
        ),
      };
    case "spend_limit": {
      const nextMonth = new Date();
      nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1, 1);
      const day = nextMonth.toISOString().slice(0, 10);
      return {
        status: 429,
        body: errorBody(
          "rate_limit_error",
          message ??
            `You have reached your specified API usage limits. You will regain access on ${day} at 00:00 UTC.`,
          {
            error_code: "enforced_spend_limit_reached",
          },
        ),
      };
    }
    case "overloaded":
      return { status: 529, body: errorBody("overloaded_error", message ?? "Overloaded") };
    case "api_error":
      return { status: 500, body: errorBody("api_error", message ?? "Internal server error") };
    case "invalid_request":
      return invalidRequest(message ?? "Invalid request");
    case "context_overflow":
      return {
        status: 400,
        body: errorBody(
          "invalid_request_error",
          message ?? "prompt is too long: 212417 tokens > 200000 maximum",
        ),
      };
    case "authentication":
      return {
        status: 401,
        body: errorBody("authentication_error", message ?? "invalid x-api-key"),
      };
  }
}

function contentBlocks(reply: ResolvedReply): unknown[] {
  return reply.blocks.map((b) =>
    b.type === "text"
      ? { type: "text", text: b.text }
      : { type: "tool_use", id: b.id, name: b.name, input: b.input },
  );
}

function renderStream(reply: ResolvedReply, request: ParsedRequest): StreamFrames {
  const head = [
    sseEvent("message_start", {
      type: "message_start",
      message: {
        id: randomId("msg_01", 22),
        type: "message",
        role: "assistant",
        model: request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: reply.inputTokens,
          cache_creation_input_tokens: reply.cacheWriteTokens,
          cache_read_input_tokens: reply.cacheReadTokens,
          output_tokens: 1,
          service_tier: "standard",
        },
      },
    }),
  ];
  for (const [index, block] of reply.blocks.entries()) {
    if (block.type === "text") {
      head.push(
        sseEvent("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "text", text: "" },
        }),
      );
      if (index === 0) head.push(sseEvent("ping", { type: "ping" }));
      for (const text of textChunks(block.text))
        head.push(
          sseEvent("content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "text_delta", text },
          }),
        );
    } else {
      head.push(
        sseEvent("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
        }),
      );
      for (const partial_json of ["", ...jsonChunks(JSON.stringify(block.input))]) {
        head.push(
          sseEvent("content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json },
          }),
        );
      }
    }
    head.push(sseEvent("content_block_stop", { type: "content_block_stop", index }));
  }
  const tail = [
    sseEvent("message_delta", {
      type: "message_delta",
      delta: { stop_reason: reply.stopReason, stop_sequence: null },
      usage: { output_tokens: reply.outputTokens },
    }),
    sseEvent("message_stop", { type: "message_stop" }),
  ];
  return { head, tail };
}

/** Anthropic's Messages API wire format (`POST /v1/messages`). */
export const anthropicDialect: LlmDialect = {
  provider: "anthropic",
  path: "/v1/messages",
  sdkBasePath: "",
  authenticate(headers) {
    const key =
      headers["x-api-key"] ?? /^Bearer\s+(.+)$/i.exec(headers["authorization"] ?? "")?.[1];
    return key
      ? key
      : { status: 401, body: errorBody("authentication_error", "x-api-key header is required") };
  },
  parse(body, headers) {
    const invalid = validateAnthropicRequest(body, headers);
    if (invalid) return invalid;
    const messages = body["messages"] as { role: string; content: unknown }[];
    const images = anthropicImages(messages);
    if (isWireError(images)) return images;
    const lastUser = [...messages].reverse().find((m) => m.role === "user");
    return {
      provider: "anthropic",
      model: body["model"] as string,
      system: contentText(body["system"]),
      messages,
      tools: Array.isArray(body["tools"]) ? body["tools"] : [],
      stream: body["stream"] === true,
      lastUserText: contentText(lastUser?.content),
      images,
      body,
    };
  },
  error: anthropicError,
  unknownModel: (model) => ({ status: 404, body: errorBody("not_found_error", `model: ${model}`) }),
  notFound: () => ({ status: 404, body: errorBody("not_found_error", "Not Found") }),
  renderJson: (reply, request) => ({
    id: randomId("msg_01", 22),
    type: "message",
    role: "assistant",
    model: request.model,
    content: contentBlocks(reply),
    stop_reason: reply.stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: reply.inputTokens,
      cache_creation_input_tokens: reply.cacheWriteTokens,
      cache_read_input_tokens: reply.cacheReadTokens,
      output_tokens: reply.outputTokens,
      service_tier: "standard",
    },
  }),
  renderStream,
  renderStreamError: (kind, message) => {
    const { body } = anthropicError(kind, message, 1);
    const { request_id: _requestId, ...event } = body as Record<string, unknown>;
    return sseEvent("error", event);
  },
};
