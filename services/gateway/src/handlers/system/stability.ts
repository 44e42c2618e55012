import * as z from "zod";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";
import { instanceView } from "./overview.js";

/**
 * `diagnostics.stability`: OpenClaw's stability snapshot with what clawfleet measures — the
 * gateway's memory now and its peak since start, plus each live instance's RSS (`services`).
 * clawfleet keeps no diagnostic event recorder, so the event list is empty (capacity 0).
 */
export function stabilityMethod(deps: GatewayDeps): MethodDef {
  let maxRssBytes = 0;
  return defineMethod("diagnostics.stability", Scope.Read, z.looseObject({}), async () => {
    const memory = process.memoryUsage();
    maxRssBytes = Math.max(maxRssBytes, memory.rss);
    const instances = (await deps.directory.list(5000)).map(instanceView);
    return {
      ts: Date.now(),
      count: 0,
      capacity: 0,
      dropped: 0,
      events: [],
      summary: {
        byType: {},
        memory: {
          latest: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, ts: Date.now() },
          maxRssBytes,
          pressureCount: 0,
        },
      },
      services: instances.map((i) => ({
        name: i.name,
        id: i.id,
        status: i.status,
        ...(i.rssBytes !== undefined ? { rssBytes: i.rssBytes } : {}),
        ...(i.uptimeSeconds !== undefined ? { uptimeSeconds: i.uptimeSeconds } : {}),
      })),
    };
  });
}
