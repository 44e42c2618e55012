import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import { defineMethod, type MethodDef } from "../method.js";

/** Scheduled jobs, as the cron methods read them; a scheduler built later implements this. */
export interface CronSource {
  /** The jobs (including disabled ones when asked) and the inventory revision they were read at. */
  list(options: {
    includeDisabled: boolean;
    agentId?: string;
  }): Promise<{ jobs: unknown[]; revision: string }>;
  /** Scheduler state: whether it runs, how many jobs, the next wake-up. */
  status(): Promise<{ enabled: boolean; jobs: number; nextWakeAtMs: number | null }>;
  /** Past runs of one job or all. */
  runs(options: { id?: string; limit: number }): Promise<unknown[]>;
}

/** No scheduler: no jobs, disabled. */
export const noCron: CronSource = {
  list: async () => ({ jobs: [], revision: "none" }),
  status: async () => ({ enabled: false, jobs: 0, nextWakeAtMs: null }),
  runs: async () => [],
};

/** The largest page `cron.list` answers. */
export const CRON_PAGE_MAX = 200;

/** `cron.list|status|runs` read from `source` (OpenClaw's paging contract for the list). */
export function cronMethods(source: CronSource = noCron): MethodDef[] {
  return [
    defineMethod(
      "cron.list",
      Scope.Read,
      z.looseObject({
        includeDisabled: z.boolean().optional(),
        agentId: z.string().max(64).optional(),
        limit: z.number().int().positive().max(CRON_PAGE_MAX).optional(),
        offset: z.number().int().min(0).optional(),
      }),
      async (params) => {
        const { jobs, revision } = await source.list({
          includeDisabled: params.includeDisabled ?? false,
          ...(params.agentId ? { agentId: params.agentId } : {}),
        });
        const offset = params.offset ?? 0;
        const limit = params.limit ?? CRON_PAGE_MAX;
        const page = jobs.slice(offset, offset + limit);
        const hasMore = offset + page.length < jobs.length;
        // OpenClaw's paging contract: one snapshot revision across pages, `nextOffset` null at the end.
        return {
          jobs: page,
          snapshotRevision: revision,
          total: jobs.length,
          offset,
          limit,
          hasMore,
          nextOffset: hasMore ? offset + page.length : null,
        };
      },
    ),
    defineMethod("cron.status", Scope.Read, z.looseObject({}), async () => ({
      ...(await source.status()),
      storePath: null,
    })),
    defineMethod(
      "cron.runs",
      Scope.Read,
      z.looseObject({
        id: z.string().max(256).optional(),
        limit: z.number().int().positive().optional(),
      }),
      async (params) => {
        const entries = await source.runs({
          ...(params.id ? { id: params.id } : {}),
          limit: Math.min(params.limit ?? 50, 500),
        });
        return { entries, total: entries.length, hasMore: false };
      },
    ),
  ];
}
