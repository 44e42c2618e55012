import type { WireError } from "../llm-dialect.js";

type Message = { role?: unknown; content?: unknown };
type Block = { type?: unknown; id?: unknown; tool_use_id?: unknown };

/** A 400 invalid_request_error in Anthropic's shape. */
export function invalidRequest(message: string): WireError {
  return {
    status: 400,
    body: {
      type: "error",
      error: { type: "invalid_request_error", message },
      request_id: "req_fake_invalid",
    },
  };
}

function blocksOf(message: Message | undefined): Block[] {
  return Array.isArray(message?.content) ? (message.content as Block[]) : [];
}

/**
 * Checks the Messages API rules a client most often breaks: required fields, roles, and
 * tool_use / tool_result pairing between consecutive turns. Returns the 400 or null.
 */
export function validateAnthropicRequest(
  body: Record<string, unknown>,
  headers: Readonly<Record<string, string>>,
): WireError | null {
  if (!headers["anthropic-version"]) return invalidRequest("anthropic-version: header is required");
  if (typeof body["model"] !== "string" || body["model"] === "")
    return invalidRequest("model: Field required");
  if (typeof body["max_tokens"] !== "number") return invalidRequest("max_tokens: Field required");
  const messages = body["messages"];
  if (!Array.isArray(messages)) return invalidRequest("messages: Field required");
  if (messages.length === 0) return invalidRequest("messages: at least one message is required");
  for (const [index, message] of (messages as Message[]).entries()) {
    if (message.role === "system") {
      return invalidRequest(
        'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
      );
    }
    if (message.role !== "user" && message.role !== "assistant")
      return invalidRequest(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    const issue = pairingIssue(messages as Message[], index);
    if (issue) return invalidRequest(issue);
  }
  return null;
}

function pairingIssue(messages: Message[], index: number): string | null {
  const message = messages[index];
  const previous = messages[index - 1];
  const results = blocksOf(message).filter((b) => b.type === "tool_result");
  if (results.length > 0) {
    const offered = new Set(
      previous?.role === "assistant"
        ? blocksOf(previous)
            .filter((b) => b.type === "tool_use")
            .map((b) => b.id)
        : [],
    );
    const orphan = results.find((b) => !offered.has(b.tool_use_id));
    if (orphan) {
      const position = blocksOf(message).indexOf(orphan);
      return `messages.${index}.content.${position}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(orphan.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
  }
  const uses =
    message?.role === "assistant" ? blocksOf(message).filter((b) => b.type === "tool_use") : [];
  if (uses.length > 0 && index < messages.length - 1) {
    const answered = new Set(
      blocksOf(messages[index + 1])
        .filter((b) => b.type === "tool_result")
        .map((b) => b.tool_use_id),
    );
    const missing = uses.filter((b) => !answered.has(b.id)).map((b) => String(b.id));
    if (missing.length > 0) {
      return `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return null;
}
