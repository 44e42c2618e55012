import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { submitInput, type Bus } from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import { errorMessage, resolveDefaultAgentId } from "@clawfleet/core";
import type { AgentEventRelay } from "../bus/agent-event-relay.js";
import type { ServiceDirectory } from "../bus/service-directory.js";
import type { MappedEvent } from "../domain/chat-event-mapper.js";
import {
  chatCompletionInput,
  chatCompletionRequestSchema,
  completionBody,
  completionChunk,
  openAiError,
  type ChatCompletionInput,
} from "../domain/openai-chat.js";
import { firstHeader } from "../domain/public-url.js";
import type { RunRegistry } from "../domain/run-registry.js";
import { authenticate, type AuthSettings } from "../ws/auth/authenticator.js";
import type { FailureLimiter } from "../ws/auth/failure-limiter.js";
import { clientAddress, type ProxyTrust } from "../ws/client-address.js";
import { BodyTooLargeError, readBody, sendJson } from "./http-io.js";

/** What the OpenAI-compatible endpoint needs. */
export interface ChatCompletionsDeps {
  bus: Bus;
  config: () => OpenClawConfig;
  auth: () => AuthSettings;
  limiter: FailureLimiter;
  /** Which peers' forwarded-address headers are believed. */
  proxyTrust: () => ProxyTrust;
  relay: Pick<AgentEventRelay, "follow">;
  runs: Pick<RunRegistry, "accept">;
  directory: Pick<ServiceDirectory, "confirmedAbsent">;
}

/** The endpoint's path. */
export const CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

/**
 * `POST /v1/chat/completions` (when `gateway.http.endpoints.chatCompletions.enabled`): bearer-token
 * auth, agent from `model: "openclaw:<id>"` or `x-openclaw-agent-id`, a JSON answer or SSE chunks.
 */
export async function handleChatCompletions(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ChatCompletionsDeps,
): Promise<void> {
  if (req.method !== "POST")
    return sendJson(res, 405, openAiError("POST only", "invalid_request_error"), { allow: "POST" });
  const address = clientAddress(req.headers, req.socket.remoteAddress, deps.proxyTrust());
  const now = Date.now();
  if (deps.limiter.blockedFor(address, now) > 0)
    return sendJson(
      res,
      429,
      openAiError("too many failed authentications; retry later", "rate_limit_error"),
    );
  const bearer = /^Bearer\s+(.+)$/i
    .exec(firstHeader(req.headers, "authorization") ?? "")?.[1]
    ?.trim();
  const auth = authenticate(deps.auth(), bearer ? { token: bearer } : undefined);
  if (!auth.ok) {
    deps.limiter.fail(address, now);
    return sendJson(
      res,
      401,
      openAiError(auth.message, "invalid_request_error", "invalid_api_key"),
    );
  }
  let input: ChatCompletionInput | string;
  try {
    const parsed = chatCompletionRequestSchema.safeParse(
      JSON.parse(await readBody(req, 1024 * 1024)),
    );
    input = parsed.success
      ? chatCompletionInput(
          parsed.data,
          firstHeader(req.headers, "x-openclaw-agent-id"),
          resolveDefaultAgentId(deps.config()),
          randomUUID().replace(/-/g, ""),
        )
      : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  } catch (error) {
    input =
      error instanceof BodyTooLargeError
        ? error.message
        : `body is not JSON: ${errorMessage(error)}`;
  }
  if (typeof input === "string")
    return sendJson(res, 400, openAiError(input, "invalid_request_error"));
  if (await deps.directory.confirmedAbsent("agents"))
    return sendJson(res, 503, openAiError("the agents service is not running", "api_error"), {
      "retry-after": "5",
    });
  await runCompletion(req, res, deps, input);
}

async function runCompletion(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ChatCompletionsDeps,
  input: ChatCompletionInput,
): Promise<void> {
  const id = `chatcmpl-${randomUUID()}`;
  const timeoutMs = deps.config().agents.defaults.timeoutSeconds * 1000 + 10_000;
  let finish: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(() => {
    if (input.stream) endStream(res, id, input.model, "the agent did not answer in time");
    else sendJson(res, 504, openAiError("the agent did not answer in time", "api_error"));
    finish?.();
  }, timeoutMs);
  const stop = deps.relay.follow(id, (mapped) => {
    if (handleEvent(res, id, input, mapped)) {
      clearTimeout(timer);
      finish?.();
    }
  });
  req.on("close", () => finish?.());
  if (input.stream) {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(
      `data: ${JSON.stringify(completionChunk(id, input.model, { role: "assistant" }, null))}\n\n`,
    );
  }
  try {
    deps.runs.accept(id, input.sessionKey, Date.now());
    await submitInput(deps.bus, {
      id: `api:${id}`,
      sessionKey: input.sessionKey,
      agentId: input.agentId,
      text: input.text,
      source: "api",
      runId: id,
      trusted: true,
      receivedAt: Date.now(),
    });
  } catch (error) {
    const message = `could not queue the request: ${errorMessage(error)}`;
    if (input.stream) endStream(res, id, input.model, message);
    else sendJson(res, 503, openAiError(message, "api_error"));
    finish?.();
  }
  await done;
  clearTimeout(timer);
  stop();
}

// Writes what one agent event means for the HTTP answer; true once the answer is complete.
function handleEvent(
  res: ServerResponse,
  id: string,
  input: ChatCompletionInput,
  mapped: MappedEvent,
): boolean {
  const chat = mapped.chat;
  if (input.stream && chat?.state === "delta" && chat.deltaText)
    res.write(
      `data: ${JSON.stringify(completionChunk(id, input.model, { content: chat.deltaText }, null))}\n\n`,
    );
  if (!mapped.outcome) return false;
  const outcome = mapped.outcome;
  if (outcome.status !== "ok") {
    const message = outcome.status === "error" ? outcome.error : "the run was aborted";
    if (input.stream) endStream(res, id, input.model, message);
    else sendJson(res, 502, openAiError(message, "api_error"));
    return true;
  }
  if (input.stream) endStream(res, id, input.model);
  else sendJson(res, 200, completionBody(id, input.model, outcome.text ?? "", chat?.usage));
  return true;
}

function endStream(res: ServerResponse, id: string, model: string, error?: string): void {
  if (res.writableEnded) return;
  if (error) res.write(`data: ${JSON.stringify(openAiError(error, "api_error"))}\n\n`);
  else res.write(`data: ${JSON.stringify(completionChunk(id, model, {}, "stop"))}\n\n`);
  res.end("data: [DONE]\n\n");
}
