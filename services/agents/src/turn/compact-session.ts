import type { TranscriptEntry } from "@clawfleet/bus";
import { errorMessage } from "@clawfleet/core";
import type { OpenClawConfig } from "@clawfleet/config";
import {
  COMPACTION_SYSTEM,
  planCompaction,
  summaryRequest,
  visibleTokens,
} from "../domain/conversation/compaction-plan.js";
import { historyMessages } from "../domain/conversation/history-messages.js";
import type { AgentSettings } from "../domain/models/agent-settings.js";
import { modelCandidates } from "../domain/models/agent-settings.js";
import { estimateTokens, modelLimits } from "../domain/models/context-window.js";
import type { TokenUsage, ToolSpec } from "../domain/models/chat-model.js";
import type { ToolContext } from "../tools/agent-tool.js";
import { runModelLoop, type ModelLoopDeps, type TurnEvents } from "./model-loop.js";

/** The silent turn before a compaction (OpenClaw's pre-compaction memory flush). */
export const MEMORY_FLUSH_PROMPT = [
  "Pre-compaction memory flush: this conversation is about to be compacted and older turns will be summarised.",
  "Write anything worth keeping long term (facts about the user, decisions, commitments) to memory now with memory_write, e.g. memory/YYYY-MM-DD.md.",
  "This turn is silent: nobody reads your reply. When you are done, or there is nothing to store, reply with NO_REPLY.",
].join(" ");

/** Events of a housekeeping call: nothing reaches the chat or the UI. */
const silentEvents: TurnEvents = {
  streamed: 0,
  emit: () => {},
  delta: () => {},
  beginAttempt: () => {},
};

/** What a compaction of one session needs. */
export interface CompactionRequest {
  config: OpenClawConfig;
  settings: AgentSettings;
  override?: string;
  /** The session's stored entries (current session id), oldest first. */
  recent: readonly TranscriptEntry[];
  sessionId: string;
  runId: string;
  trigger: "threshold" | "overflow" | "manual";
  instructions?: string;
  signal: AbortSignal;
  /** The turn's system prompt and tools, for the memory flush (omitted: no flush). */
  flush?: { system: string; toolSpecs: ToolSpec[]; tool: Omit<ToolContext, "signal"> };
}

/** A compaction's transcript entry and the tokens its model calls used. */
export interface CompactionResult {
  entry: TranscriptEntry;
  usage: TokenUsage;
}

/** The compaction settings with OpenClaw's defaults. */
export function compactionSettings(config: OpenClawConfig) {
  const c = config.agents.defaults.compaction;
  return {
    enabled: c?.enabled ?? true,
    keepRecentTokens: c?.keepRecentTokens ?? 20_000,
    reserveTokens: c?.reserveTokens ?? 16_384,
    memoryFlush: c?.memoryFlush?.enabled ?? true,
  };
}

/** The context window of the model the session would use first. */
export function sessionWindow(
  config: OpenClawConfig,
  settings: AgentSettings,
  override?: string,
): number {
  const ref = modelCandidates(config, settings, override).refs[0];
  return ref ? modelLimits(config, ref).contextWindow : 128_000;
}

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0 };

/** Adds two usages (cache counts included). */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0),
    cacheWriteTokens: (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0),
  };
}

async function memoryFlush(deps: ModelLoopDeps, request: CompactionRequest): Promise<TokenUsage> {
  const flush = request.flush;
  if (!flush || !compactionSettings(request.config).memoryFlush) return NO_USAGE;
  try {
    const result = await runModelLoop(deps, {
      config: request.config,
      settings: request.settings,
      override: request.override,
      system: flush.system,
      toolSpecs: flush.toolSpecs,
      history: historyMessages(request.recent),
      latest: [{ role: "user", content: [{ type: "text", text: MEMORY_FLUSH_PROMPT }] }],
      events: silentEvents,
      signal: request.signal,
      tool: { ...flush.tool, effectId: (kind) => flush.tool.effectId(`flush-${kind}`) },
    });
    return result.usage;
  } catch (error) {
    if (request.signal.aborted) throw error;
    deps.logger.warn(`memory flush before compaction failed: ${errorMessage(error)}`);
    return NO_USAGE;
  }
}

/**
 * Compacts a session: a silent memory-flush turn first (its reply is dropped), then the model
 * summarises the older entries; the result is the compaction entry to store. Null when there is
 * nothing older than the kept tail to summarise.
 */
export async function compactSession(
  deps: ModelLoopDeps,
  request: CompactionRequest,
): Promise<CompactionResult | null> {
  const settings = compactionSettings(request.config);
  const window = sessionWindow(request.config, request.settings, request.override);
  const keep = Math.min(settings.keepRecentTokens, Math.floor(window / 4));
  const plan = planCompaction(request.recent, keep);
  if (!plan) return null;
  const flushed = await memoryFlush(deps, request);
  const maxChars = Math.max(4000, window * 2);
  const input = summaryRequest(plan.older, request.instructions);
  const text = input.length > maxChars ? input.slice(-maxChars) : input;
  const result = await runModelLoop(deps, {
    config: request.config,
    settings: request.settings,
    override: request.override,
    system: COMPACTION_SYSTEM,
    toolSpecs: [],
    history: [],
    latest: [{ role: "user", content: [{ type: "text", text }] }],
    events: silentEvents,
    signal: request.signal,
    tool: { sessionKey: "", agentId: request.settings.agentId, effectId: (k) => k },
  });
  const summary = result.text.trim();
  if (!summary) return null;
  const keptTail = request.recent.slice(request.recent.length - plan.kept);
  const tokensAfter =
    estimateTokens(summary) + visibleTokens(keptTail.filter((e) => !e.compaction));
  deps.logger.info(
    `compacted session ${request.sessionId} (${request.trigger}): ~${plan.tokensBefore} → ~${tokensAfter} tokens`,
  );
  return {
    entry: {
      role: "system",
      text: summary,
      ts: Date.now(),
      sessionId: request.sessionId,
      runId: request.runId,
      model: result.model,
      // The flush's and the summary's tokens: the usage ledger counts every model call once.
      usage: addUsage(flushed, result.usage),
      compaction: {
        kept: plan.kept,
        tokensBefore: plan.tokensBefore,
        tokensAfter,
        trigger: request.trigger,
      },
    },
    usage: addUsage(flushed, result.usage),
  };
}
