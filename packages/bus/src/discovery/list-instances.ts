import * as z from "zod";
import { natsHandles, type Bus } from "../core/bus.js";
import { tryDecodeJson } from "../core/codec.js";
import { instanceInfoSchema, type InstanceInfo } from "./service-instance.js";

/** An instance with its live stats. */
export interface InstanceStats extends InstanceInfo {
  started: string;
  data: Record<string, unknown>;
}

const statsSchema = instanceInfoSchema.extend({
  started: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
});

/** Asks every live instance (of one service, or all) for its stats; collects answers for `waitMs`. */
export async function listInstances(
  bus: Bus,
  options: { service?: string; waitMs?: number } = {},
): Promise<InstanceStats[]> {
  const subject = options.service ? `$SRV.STATS.${options.service}` : "$SRV.STATS";
  const found: InstanceStats[] = [];
  try {
    const replies = await natsHandles(bus).nc.requestMany(subject, undefined, {
      strategy: "timer",
      maxWait: options.waitMs ?? 500,
    });
    for await (const reply of replies) {
      const parsed = statsSchema.safeParse(tryDecodeJson(reply.data));
      if (parsed.success) found.push(parsed.data);
    }
  } catch {
    // no responders: no instance is running
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
