import { errorMessage } from "@clawfleet/core";
import { acceptsImages } from "@clawfleet/config";
import { withoutImages } from "../domain/conversation/image-parts.js";
import type { OpenClawConfig } from "@clawfleet/config";
import type { Logger } from "@clawfleet/log";
import type { AgentSettings } from "../domain/models/agent-settings.js";
import { modelCandidates } from "../domain/models/agent-settings.js";
import type {
  ChatMessage,
  ChatPart,
  ModelResponse,
  TokenUsage,
  ToolSpec,
} from "../domain/models/chat-model.js";
import { estimateTokens, fitContext, modelLimits } from "../domain/models/context-window.js";
import {
  decideFailover,
  nextCandidate,
  type ModelCooldowns,
} from "../domain/models/failover-policy.js";
import type { ModelRef } from "../domain/models/model-ref.js";
import { ModelError, ModelFailure } from "../errors.js";
import type { ModelClients } from "../providers/model-clients.js";
import type { ToolContext } from "../tools/agent-tool.js";
import type { ToolRegistry } from "../tools/tool-registry.js";
import type { RunEvents } from "./run-events.js";

/** At most this many model calls that use tools in one turn. */
export const MAX_TOOL_ROUNDS = 8;
/** Longest wait for a cooling model (retry-after) before the turn gives up instead. */
export const MAX_COOLDOWN_WAIT_MS = 30_000;

/** What the model loop needs from the service. */
export interface ModelLoopDeps {
  clients: ModelClients;
  cooldowns: ModelCooldowns;
  tools: ToolRegistry;
  logger: Logger;
}

/** Where a model loop reports streamed text and tool steps (a turn's run events, or nowhere for housekeeping). */
export type TurnEvents = Pick<RunEvents, "emit" | "delta" | "streamed" | "beginAttempt">;

/** One turn's conversation and settings. */
export interface ModelLoopInput {
  config: OpenClawConfig;
  settings: AgentSettings;
  override?: string;
  system: string;
  toolSpecs: ToolSpec[];
  history: ChatMessage[];
  latest: ChatMessage[];
  events: TurnEvents;
  signal: AbortSignal;
  tool: Omit<ToolContext, "signal">;
}

/** A tool call made during the turn, for the transcript. */
export interface ToolRecord {
  name: string;
  callId: string;
  input: Record<string, unknown>;
  output: string;
  isError: boolean;
}

/** What the turn's model calls produced. */
export interface ModelLoopResult {
  text: string;
  model: string;
  stopReason: string;
  usage: TokenUsage;
  tools: ToolRecord[];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", done);
      clearTimeout(timer);
      if (signal.aborted) reject(new ModelError(ModelFailure.Aborted, "aborted"));
      else resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Calls the candidates in order with failover, cooldowns and retry-after; resolves with the first answer. */
async function callWithFailover(
  deps: ModelLoopDeps,
  input: ModelLoopInput,
  candidates: ModelRef[],
  conversation: ChatMessage[],
): Promise<{ response: ModelResponse; ref: ModelRef }> {
  const tried = new Set<string>();
  const excluded = new Set<string>();
  const failures: ModelError[] = [];
  for (let attempt = 0; attempt < candidates.length + 3; attempt++) {
    const next = nextCandidate(
      candidates.filter((c) => !excluded.has(c.ref)),
      tried,
      deps.cooldowns,
    );
    if (!next || next.waitMs > MAX_COOLDOWN_WAIT_MS) break;
    if (next.waitMs > 0) await sleep(next.waitMs, input.signal);
    const { ref } = next;
    tried.add(ref.ref);
    input.events.beginAttempt();
    try {
      const client = deps.clients.clientFor(input.config, ref);
      const limits = modelLimits(input.config, ref);
      const budget =
        limits.contextWindow -
        limits.maxOutputTokens -
        estimateTokens(JSON.stringify(input.toolSpecs));
      const fitted = fitContext(input.history, conversation, budget, estimateTokens(input.system));
      const response = await client.complete({
        model: ref.model,
        system: input.system,
        messages: acceptsImages(input.config, ref.provider, ref.model)
          ? fitted.messages
          : withoutImages(fitted.messages),
        tools: input.toolSpecs,
        maxTokens: limits.maxOutputTokens,
        signal: input.signal,
        onText: (text) => input.events.delta(text),
      });
      // The SDKs end an aborted stream quietly, as if the model had finished: that is a stop, not an answer.
      if (input.signal.aborted)
        throw new ModelError(ModelFailure.Aborted, "aborted", { model: ref.ref });
      deps.cooldowns.clear(ref);
      return { response, ref };
    } catch (error) {
      const failure =
        error instanceof ModelError
          ? error
          : new ModelError(ModelFailure.Server, errorMessage(error), {
              model: ref.ref,
              cause: error,
            });
      if (failure.kind === ModelFailure.Aborted || input.signal.aborted)
        throw new ModelError(ModelFailure.Aborted, "aborted", { model: ref.ref });
      const decision = decideFailover(failure.kind, failure.details.retryAfterMs);
      if (decision.cooldown) deps.cooldowns.add(ref, decision.cooldown);
      else excluded.add(ref.ref);
      failures.push(failure);
      deps.logger.warn(
        `${ref.ref} failed (${failure.kind}): ${failure.message}${decision.failover ? "; trying the next model" : ""}`,
        { model: ref.ref, kind: failure.kind },
      );
      if (!decision.failover) throw failure;
      if (input.events.streamed > 0)
        input.events.emit({
          type: "lifecycle",
          phase: "restart",
          model: ref.ref,
          error: failure.message,
        });
    }
  }
  throw summarize(failures, candidates);
}

function summarize(failures: ModelError[], candidates: ModelRef[]): ModelError {
  const last = failures.at(-1);
  if (!last)
    return new ModelError(
      ModelFailure.Overloaded,
      `every model is cooling down after recent failures (${candidates.map((c) => c.ref).join(", ")}); try again shortly`,
    );
  const distinct = [
    ...new Set(
      failures.map((f) =>
        f.kind === ModelFailure.Config ? f.message : `${f.details.model ?? "model"}: ${f.message}`,
      ),
    ),
  ];
  return new ModelError(last.kind, distinct.join("; "), { ...last.details });
}

/**
 * Runs the turn's model calls: failover across the candidates for every call, and a tool-use loop
 * (tools run between calls; their start and end are published as events) of at most
 * {@link MAX_TOOL_ROUNDS} rounds.
 */
export async function runModelLoop(
  deps: ModelLoopDeps,
  input: ModelLoopInput,
): Promise<ModelLoopResult> {
  const { refs, invalid } = modelCandidates(input.config, input.settings, input.override);
  if (invalid.length)
    deps.logger.warn(
      `ignoring model references that are not provider/model or an alias: ${invalid.join(", ")}`,
    );
  if (refs.length === 0)
    throw new ModelError(
      ModelFailure.Config,
      `no usable model configured for agent ${input.settings.agentId}: set agents.defaults.model.primary to "provider/model"`,
    );
  const conversation = [...input.latest];
  const tools: ToolRecord[] = [];
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const texts: string[] = [];
  for (let round = 0; ; round++) {
    const { response, ref } = await callWithFailover(deps, input, refs, conversation);
    usage.inputTokens += response.usage.inputTokens;
    usage.outputTokens += response.usage.outputTokens;
    usage.cacheReadTokens += response.usage.cacheReadTokens ?? 0;
    usage.cacheWriteTokens += response.usage.cacheWriteTokens ?? 0;
    if (response.text.trim()) texts.push(response.text);
    const wantsTools = response.toolCalls.length > 0 && round < MAX_TOOL_ROUNDS;
    if (!wantsTools) {
      const text = response.text.trim() ? response.text : texts.join("\n\n");
      return {
        text,
        model: ref.ref,
        stopReason: response.toolCalls.length > 0 ? "tool_limit" : response.stopReason,
        usage,
        tools,
      };
    }
    const assistant: ChatPart[] = [
      ...(response.text ? [{ type: "text" as const, text: response.text }] : []),
      ...response.toolCalls.map((c) => ({ type: "tool_use" as const, ...c })),
    ];
    const results: ChatPart[] = [];
    for (const call of response.toolCalls) {
      input.events.emit({
        type: "tool",
        phase: "start",
        name: call.name,
        callId: call.id,
        input: call.input,
      });
      const output = await deps.tools.run(call.name, call.input, input.settings.tools, {
        ...input.tool,
        signal: input.signal,
      });
      input.events.emit({
        type: "tool",
        phase: "end",
        name: call.name,
        callId: call.id,
        output: output.content.slice(0, 4000),
        isError: output.isError ?? false,
      });
      tools.push({
        name: call.name,
        callId: call.id,
        input: call.input,
        output: output.content,
        isError: output.isError ?? false,
      });
      results.push({
        type: "tool_result",
        toolUseId: call.id,
        content: output.content,
        ...(output.isError ? { isError: true } : {}),
      });
    }
    conversation.push(
      { role: "assistant", content: assistant },
      { role: "user", content: results },
    );
  }
}
