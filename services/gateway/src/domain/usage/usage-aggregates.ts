import type { OpenClawConfig } from "@clawfleet/config";
import type { UsageRecord } from "../../bus/session-reader.js";
import { roundTotals, totalOf, totalsBy, utcDay, type UsageTotals } from "./usage-ledger.js";

/** Usage of one model (or one provider, `model` then absent), as OpenClaw's usage page lists it. */
export interface ModelUsage {
  provider: string;
  model?: string;
  /** Model calls. */
  count: number;
  totals: UsageTotals;
}

/**
 * The `aggregates` block of OpenClaw's `sessions.usage` answer, from the model calls clawfleet
 * records: per day (cost and tokens), per model, provider and agent. Message, tool, latency and
 * creator breakdowns are not recorded by clawfleet and come back empty, never invented.
 */
export function usageAggregates(
  records: readonly UsageRecord[],
  sessionCount: number,
  config: OpenClawConfig,
) {
  const costDaily = totalsBy(records, (r) => utcDay(r.ts), config).map(([date, t]) => ({
    date,
    ...roundTotals(t),
  }));
  return {
    sessionCount,
    messages: { total: 0, user: 0, assistant: 0, toolCalls: 0, toolResults: 0, errors: 0 },
    tools: { totalCalls: 0, uniqueTools: 0, tools: [] },
    byModel: byModel(records, config, true),
    byProvider: byModel(records, config, false),
    byAgent: totalsBy(records, (r) => r.agentId, config).map(([agentId, t]) => ({
      agentId,
      totals: roundTotals(t),
    })),
    byChannel: [],
    byCreator: [],
    costDaily,
    dailyLatency: [],
    modelDaily: [],
    daily: costDaily.map((d) => ({
      date: d.date,
      tokens: d.totalTokens,
      cost: d.totalCost,
      messages: 0,
      toolCalls: 0,
      errors: 0,
    })),
  };
}

/** Calls grouped by `provider/model` (or by provider alone), costliest first. */
function byModel(records: readonly UsageRecord[], config: OpenClawConfig, perModel: boolean) {
  const groups = new Map<string, UsageRecord[]>();
  for (const record of records) {
    const ref = record.model ?? "unknown";
    const key = perModel ? ref : (ref.split("/")[0] ?? ref);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const rows: ModelUsage[] = [...groups.entries()].map(([key, group]) => {
    const slash = key.indexOf("/");
    const provider = slash > 0 ? key.slice(0, slash) : key;
    return {
      provider,
      ...(perModel ? { model: slash > 0 ? key.slice(slash + 1) : key } : {}),
      count: group.length,
      totals: roundTotals(totalOf(group, config)),
    };
  });
  return rows.sort(
    (a, b) =>
      b.totals.totalCost - a.totals.totalCost || b.totals.totalTokens - a.totals.totalTokens,
  );
}
