import * as z from "zod";
import type { SessionRow } from "../../bus/session-reader.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const SESSIONS_SCANNED = 5000;

/**
 * The usage methods, from the token counts the agents keep per session: `usage.cost` (totals;
 * clawfleet prices nothing, so every session counts as missing a cost and there are no per-day
 * buckets), `sessions.usage` (per session) and `usage.status` (no provider quota windows are
 * read). A usage ledger built later replaces these answers behind the same methods.
 */
export function usageMethods(deps: GatewayDeps): MethodDef[] {
  const scoped = z.looseObject({ agentId: z.string().max(64).optional() });
  const rows = async (agentId?: string) => deps.sessions.list(SESSIONS_SCANNED, agentId);
  return [
    defineMethod("usage.status", Scope.Read, z.looseObject({}), async () => ({
      updatedAt: Date.now(),
      providers: [],
    })),
    defineMethod("usage.cost", Scope.Read, scoped, async (params) => {
      const sessions = await rows(params.agentId);
      return {
        updatedAt: Date.now(),
        totals: totals(sessions),
        daily: [],
        sessions: sessions.length,
      };
    }),
    defineMethod("sessions.usage", Scope.Read, scoped, async (params) => {
      const sessions = await rows(params.agentId);
      return {
        updatedAt: Date.now(),
        totals: totals(sessions),
        sessions: sessions.map((s) => ({
          key: s.key,
          sessionId: s.sessionId,
          agentId: s.agentId,
          updatedAt: s.updatedAt,
          ...(s.model ? { model: s.model } : {}),
          usage: {
            input: s.inputTokens,
            output: s.outputTokens,
            totalTokens: s.totalTokens,
            totalCost: 0,
            missingCostEntries: 1,
          },
        })),
      };
    }),
  ];
}

function totals(sessions: SessionRow[]) {
  const input = sessions.reduce((sum, s) => sum + s.inputTokens, 0);
  const output = sessions.reduce((sum, s) => sum + s.outputTokens, 0);
  return {
    input,
    output,
    cacheRead: 0,
    cacheWrite: 0,
    totalTokens: input + output,
    totalCost: 0,
    missingCostEntries: sessions.filter((s) => s.totalTokens > 0).length,
  };
}
