import { modelPrice, usageCost, type OpenClawConfig } from "@clawfleet/config";
import type { UsageRecord } from "../../bus/session-reader.js";

/** Token and cost totals in OpenClaw's usage payloads. */
export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  totalTokens: number;
  totalCost: number;
  /** Model calls whose model has no price (neither built in nor in the config). */
  missingCostEntries: number;
}

/** A fresh, empty total. */
export function emptyTotals(): UsageTotals {
  return {
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    totalTokens: 0,
    totalCost: 0,
    missingCostEntries: 0,
  };
}

/** Adds one record to a total, priced with the config's table. */
export function addRecord(totals: UsageTotals, record: UsageRecord, config: OpenClawConfig): void {
  const u = record.usage;
  const cacheRead = u.cacheReadTokens ?? 0;
  const cacheWrite = u.cacheWriteTokens ?? 0;
  totals.input += u.inputTokens;
  totals.output += u.outputTokens;
  totals.cacheRead += cacheRead;
  totals.cacheWrite += cacheWrite;
  totals.totalTokens += u.inputTokens + u.outputTokens + cacheRead + cacheWrite;
  const price = record.model ? modelPrice(config, record.model) : undefined;
  if (price) totals.totalCost += usageCost(u, price);
  else totals.missingCostEntries++;
}

/** The UTC day (`YYYY-MM-DD`) of a time. */
export function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** Records grouped by a key, each group totalled; keys sorted. */
export function totalsBy(
  records: readonly UsageRecord[],
  key: (r: UsageRecord) => string,
  config: OpenClawConfig,
): [string, UsageTotals][] {
  const groups = new Map<string, UsageTotals>();
  for (const record of records) {
    const k = key(record);
    const totals = groups.get(k) ?? emptyTotals();
    addRecord(totals, record, config);
    groups.set(k, totals);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Totals of all records. */
export function totalOf(records: readonly UsageRecord[], config: OpenClawConfig): UsageTotals {
  const totals = emptyTotals();
  for (const record of records) addRecord(totals, record, config);
  return totals;
}

/** Dollars rounded to a millionth (float sums otherwise show noise like 0.30000000000000004). */
export function roundTotals(totals: UsageTotals): UsageTotals {
  return { ...totals, totalCost: Math.round(totals.totalCost * 1e6) / 1e6 };
}
