import type { WireError } from "../llm-dialect.js";

type Message = { role?: unknown; tool_calls?: { id?: unknown }[]; tool_call_id?: unknown };

/** A 400 invalid_request_error in OpenAI's shape. */
export function openaiInvalid(
  message: string,
  param: string | null = null,
  code: string | null = null,
): WireError {
  return { status: 400, body: { error: { message, type: "invalid_request_error", param, code } } };
}

const Roles = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

/**
 * Checks the chat-completions rules a client most often breaks: required fields, roles, and
 * that every assistant `tool_calls` entry is answered by a `tool` message (and vice versa).
 */
export function validateOpenAiRequest(body: Record<string, unknown>): WireError | null {
  if (typeof body["model"] !== "string" || body["model"] === "")
    return openaiInvalid("you must provide a model parameter");
  const messages = body["messages"];
  if (!Array.isArray(messages))
    return openaiInvalid(
      "Missing required parameter: 'messages'.",
      "messages",
      "missing_required_parameter",
    );
  if (messages.length === 0)
    return openaiInvalid(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  const open = new Set<string>();
  for (const [index, message] of (messages as Message[]).entries()) {
    if (!Roles.has(String(message.role)))
      return openaiInvalid(
        `Invalid value: '${String(message.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${index}].role`,
        "invalid_value",
      );
    if (message.role === "tool") {
      if (!open.delete(String(message.tool_call_id))) {
        return openaiInvalid(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      continue;
    }
    if (open.size > 0) {
      return openaiInvalid(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(", ")}`,
        `messages.[${index}].role`,
      );
    }
    if (message.role === "assistant")
      for (const call of message.tool_calls ?? []) open.add(String(call.id));
  }
  return null;
}
