import type { SessionState } from "@clawfleet/bus";
import { modelPrice, usageCost, type OpenClawConfig } from "@clawfleet/config";
import type { TokenUsage } from "../models/chat-model.js";

/** A session's counters with one more model call's tokens added, and its cost when the model has a price. */
export function addSessionUsage(
  state: SessionState,
  usage: TokenUsage,
  model: string,
  config: OpenClawConfig,
): SessionState {
  const price = modelPrice(config, model);
  const cost = price ? usageCost(usage, price) : undefined;
  return {
    ...state,
    inputTokens: state.inputTokens + usage.inputTokens,
    outputTokens: state.outputTokens + usage.outputTokens,
    cacheReadTokens: (state.cacheReadTokens ?? 0) + (usage.cacheReadTokens ?? 0),
    cacheWriteTokens: (state.cacheWriteTokens ?? 0) + (usage.cacheWriteTokens ?? 0),
    ...(cost !== undefined ? { costUsd: (state.costUsd ?? 0) + cost } : {}),
  };
}

/** The `/usage` answer: the current session's tokens and cost. */
export function usageText(state: SessionState, model: string | undefined): string {
  const n = (v: number | undefined) => (v ?? 0).toLocaleString("en-US");
  const cost =
    state.costUsd !== undefined
      ? `Cost: $${state.costUsd.toFixed(4)}`
      : `Cost: unknown (no price for ${model ?? "the model"}; set models.providers.<provider>.models[].cost)`;
  return [
    `Usage of this session${model ? ` (${model})` : ""}:`,
    `Tokens: ${n(state.inputTokens)} in · ${n(state.outputTokens)} out · cache ${n(state.cacheReadTokens)} read / ${n(state.cacheWriteTokens)} write`,
    cost,
  ].join("\n");
}
