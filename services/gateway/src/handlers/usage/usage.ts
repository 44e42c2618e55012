import * as z from "zod";
import type { SessionRow, UsageRecord } from "../../bus/session-reader.js";
import { usageAggregates } from "../../domain/usage/usage-aggregates.js";
import { roundTotals, totalOf, totalsBy, utcDay } from "../../domain/usage/usage-ledger.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const SESSIONS_SCANNED = 5000;
/** Sessions whose transcripts are read at the same time. */
const READ_BATCH = 16;
const DAY_MS = 86_400_000;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-12-05");
const costParams = z.looseObject({
  agentId: z.string().max(64).optional(),
  days: z.number().int().min(1).max(3660).optional(),
  startDate: day.optional(),
  endDate: day.optional(),
});

async function ledger(deps: GatewayDeps, sessions: SessionRow[]): Promise<UsageRecord[]> {
  const out: UsageRecord[] = [];
  for (let i = 0; i < sessions.length; i += READ_BATCH) {
    const batch = await Promise.all(
      sessions.slice(i, i + READ_BATCH).map((s) => deps.sessions.usage(s)),
    );
    for (const records of batch) out.push(...records);
  }
  return out;
}

function range(params: z.output<typeof costParams>, now: number): { start: string; end: string } {
  const end = params.endDate ?? utcDay(now);
  const days = params.days ?? 30;
  const start = params.startDate ?? utcDay(Date.parse(`${end}T00:00:00Z`) - (days - 1) * DAY_MS);
  return { start, end };
}

/**
 * The usage methods, from the token counts the providers reported for every model call (each
 * turn's and each compaction's transcript entry), priced with the built-in table or
 * `models.providers.*.models[].cost`: `usage.cost` (totals, per day, per model and agent),
 * `sessions.usage` (per session) and `usage.status` (no provider quota windows are read).
 */
export function usageMethods(deps: GatewayDeps): MethodDef[] {
  const rows = async (agentId?: string) => deps.sessions.list(SESSIONS_SCANNED, agentId);
  return [
    defineMethod("usage.status", Scope.Read, z.looseObject({}), async () => ({
      updatedAt: Date.now(),
      providers: [],
    })),
    defineMethod("usage.cost", Scope.Read, costParams, async (params) => {
      const now = Date.now();
      const { start, end } = range(params, now);
      const sessions = await rows(params.agentId);
      const records = (await ledger(deps, sessions)).filter((r) => {
        const d = utcDay(r.ts);
        return d >= start && d <= end;
      });
      const config = deps.config();
      return {
        updatedAt: now,
        startDate: start,
        endDate: end,
        days: Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1,
        totals: roundTotals(totalOf(records, config)),
        daily: totalsBy(records, (r) => utcDay(r.ts), config).map(([date, t]) => ({
          date,
          ...roundTotals(t),
        })),
        byModel: totalsBy(records, (r) => r.model ?? "unknown", config).map(([model, t]) => ({
          model,
          ...roundTotals(t),
        })),
        byAgent: totalsBy(records, (r) => r.agentId, config).map(([agentId, t]) => ({
          agentId,
          ...roundTotals(t),
        })),
        sessions: new Set(records.map((r) => r.sessionKey)).size,
      };
    }),
    defineMethod("sessions.usage", Scope.Read, costParams, async (params) => {
      const now = Date.now();
      const { start, end } = range(params, now);
      const sessions = await rows(params.agentId);
      const records = (await ledger(deps, sessions)).filter((r) => {
        const d = utcDay(r.ts);
        return d >= start && d <= end;
      });
      const config = deps.config();
      const byKey = new Map(totalsBy(records, (r) => r.sessionKey, config));
      const used = sessions.filter((s) => byKey.has(s.key));
      return {
        updatedAt: now,
        startDate: start,
        endDate: end,
        totals: roundTotals(totalOf(records, config)),
        aggregates: usageAggregates(records, used.length, config),
        sessions: used.map((s) => ({
          key: s.key,
          sessionId: s.sessionId,
          agentId: s.agentId,
          updatedAt: s.updatedAt,
          ...(s.label || s.displayName ? { label: s.label ?? s.displayName } : {}),
          ...(s.model ? { model: s.model } : {}),
          usage: roundTotals(byKey.get(s.key) ?? totalOf([], config)),
        })),
      };
    }),
  ];
}
