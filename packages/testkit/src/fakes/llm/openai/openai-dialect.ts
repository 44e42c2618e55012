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
import { openaiImages } from "./openai-images.js";
import { jsonChunks, sseData, textChunks } from "../stream-chunks.js";
import { openaiInvalid, validateOpenAiRequest } from "./openai-validate.js";

/** A new `call_…` id. */
export const openaiToolId = (): string => randomId("call_", 24);

const FinishReason = { end_turn: "stop", tool_use: "tool_calls", max_tokens: "length" } as const;

function errorBody(message: string, type: string, code: string | null): unknown {
  return { error: { message, type, param: null, code } };
}

function openaiError(
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
          "x-ratelimit-limit-requests": "500",
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": `${retryAfterSeconds}s`,
        },
        body: errorBody(
          message ?? `Rate limit reached for requests. Please try again in ${retryAfterSeconds}s.`,
          "requests",
          "rate_limit_exceeded",
        ),
      };
    case "spend_limit":
      return {
        status: 429,
        body: errorBody(
          message ?? "You exceeded your current quota, please check your plan and billing details.",
          "insufficient_quota",
          "insufficient_quota",
        ),
      };
    case "overloaded":
      return {
        status: 503,
        body: errorBody(
          message ?? "The server is overloaded or not ready yet.",
          "server_error",
          null,
        ),
      };
    case "api_error":
      return {
        status: 500,
        body: errorBody(
          message ?? "The server had an error while processing your request. Sorry about that!",
          "server_error",
          null,
        ),
      };
    case "invalid_request":
      return openaiInvalid(message ?? "Invalid request");
    case "context_overflow":
      return {
        status: 400,
        body: errorBody(
          message ??
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
          "invalid_request_error",
          "context_length_exceeded",
        ),
      };
    case "authentication":
      return {
        status: 401,
        body: errorBody(
          message ?? "Incorrect API key provided.",
          "invalid_request_error",
          "invalid_api_key",
        ),
      };
  }
}

function chunk(
  id: string,
  created: number,
  model: string,
  delta: Record<string, unknown>,
  finish: string | null,
): unknown {
  return {
    id,
    object: "chat.completion.chunk",
    created,
    model,
    system_fingerprint: "fp_fake",
    service_tier: "default",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

/** OpenAI's usage: prompt_tokens includes the cached part, reported in prompt_tokens_details. */
function usage(reply: ResolvedReply): Record<string, unknown> {
  const prompt = reply.inputTokens + reply.cacheReadTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: reply.outputTokens,
    total_tokens: prompt + reply.outputTokens,
    prompt_tokens_details: { cached_tokens: reply.cacheReadTokens },
  };
}

function renderStream(reply: ResolvedReply, request: ParsedRequest): StreamFrames {
  const id = randomId("chatcmpl-", 29);
  const created = Math.floor(Date.now() / 1_000);
  const head = [
    sseData(
      chunk(id, created, request.model, { role: "assistant", content: "", refusal: null }, null),
    ),
  ];
  let toolIndex = 0;
  for (const block of reply.blocks) {
    if (block.type === "text") {
      for (const content of textChunks(block.text))
        head.push(sseData(chunk(id, created, request.model, { content }, null)));
      continue;
    }
    const index = toolIndex++;
    head.push(
      sseData(
        chunk(
          id,
          created,
          request.model,
          {
            tool_calls: [
              {
                index,
                id: block.id,
                type: "function",
                function: { name: block.name, arguments: "" },
              },
            ],
          },
          null,
        ),
      ),
    );
    for (const piece of jsonChunks(JSON.stringify(block.input))) {
      head.push(
        sseData(
          chunk(
            id,
            created,
            request.model,
            { tool_calls: [{ index, function: { arguments: piece } }] },
            null,
          ),
        ),
      );
    }
  }
  const tail = [sseData(chunk(id, created, request.model, {}, FinishReason[reply.stopReason]))];
  const options = request.body["stream_options"] as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    tail.push(
      sseData({
        id,
        object: "chat.completion.chunk",
        created,
        model: request.model,
        system_fingerprint: "fp_fake",
        choices: [],
        usage: usage(reply),
      }),
    );
  }
  tail.push(sseData("[DONE]"));
  return { head, tail };
}

/** OpenAI's chat-completions wire format (`POST /v1/chat/completions`). */
export const openaiDialect: LlmDialect = {
  provider: "openai",
  path: "/v1/chat/completions",
  sdkBasePath: "/v1",
  authenticate(headers) {
    const key = /^Bearer\s+(.+)$/i.exec(headers["authorization"] ?? "")?.[1];
    if (key) return key;
    return {
      status: 401,
      body: errorBody(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        "invalid_request_error",
        null,
      ),
    };
  },
  parse(body) {
    const invalid = validateOpenAiRequest(body);
    if (invalid) return invalid;
    const messages = body["messages"] as { role: string; content: unknown }[];
    const images = openaiImages(messages);
    if (isWireError(images)) return images;
    const last = [...messages].reverse().find((m) => m.role === "user" || m.role === "tool");
    return {
      provider: "openai",
      model: body["model"] as string,
      system: messages
        .filter((m) => m.role === "system" || m.role === "developer")
        .map((m) => contentText(m.content))
        .join("\n"),
      messages,
      tools: Array.isArray(body["tools"]) ? body["tools"] : [],
      stream: body["stream"] === true,
      lastUserText: contentText(last?.content),
      images,
      body,
    };
  },
  error: openaiError,
  unknownModel: (model) => ({
    status: 404,
    body: errorBody(
      `The model \`${model}\` does not exist or you do not have access to it.`,
      "invalid_request_error",
      "model_not_found",
    ),
  }),
  notFound: (method, path) => ({
    status: 404,
    body: errorBody(`Invalid URL (${method} ${path})`, "invalid_request_error", null),
  }),
  renderJson: (reply, request) => {
    const text = reply.blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
    const calls = reply.blocks.flatMap((b) =>
      b.type === "tool_use"
        ? [
            {
              id: b.id,
              type: "function",
              function: { name: b.name, arguments: JSON.stringify(b.input) },
            },
          ]
        : [],
    );
    return {
      id: randomId("chatcmpl-", 29),
      object: "chat.completion",
      created: Math.floor(Date.now() / 1_000),
      model: request.model,
      system_fingerprint: "fp_fake",
      service_tier: "default",
      usage: usage(reply),
      choices: [
        {
          index: 0,
          logprobs: null,
          finish_reason: FinishReason[reply.stopReason],
          message: {
            role: "assistant",
            content: text === "" && calls.length > 0 ? null : text,
            refusal: null,
            annotations: [],
            ...(calls.length > 0 ? { tool_calls: calls } : {}),
          },
        },
      ],
    };
  },
  renderStream,
  renderStreamError: (kind, message) => sseData(openaiError(kind, message, 1).body),
};
