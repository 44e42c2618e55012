import type { Subscription } from "@nats-io/transport-node";
import * as z from "zod";
import { natsHandles, type Bus } from "../core/bus.js";
import { encodeJson } from "../core/codec.js";

/** Identity of one running service instance, as the NATS service API reports it. */
export const instanceInfoSchema = z.object({
  name: z.string(),
  id: z.string(),
  version: z.string(),
  metadata: z.record(z.string(), z.string()).default({}),
});

/** Identity of one running service instance. */
export type InstanceInfo = z.infer<typeof instanceInfoSchema>;

/** What {@link registerServiceInstance} needs beyond the identity. */
export interface ServiceInstanceOptions extends InstanceInfo {
  description: string;
  /** Live numbers for `$SRV.STATS` (counters, in-flight work, readiness). */
  stats: () => Record<string, unknown>;
}

const VERBS = ["PING", "INFO", "STATS"] as const;
type Verb = (typeof VERBS)[number];

/**
 * Answers the NATS service API (`$SRV.PING|INFO|STATS`, bare, by name and by name + id), so
 * `nats micro ls` and `clawfleet status` can list every live instance of every service.
 */
export function registerServiceInstance(bus: Bus, options: ServiceInstanceOptions): () => void {
  const started = new Date().toISOString();
  const identity = {
    name: options.name,
    id: options.id,
    version: options.version,
    metadata: options.metadata,
  };
  const body = (verb: Verb): Record<string, unknown> => {
    switch (verb) {
      case "PING":
        return { type: "io.nats.micro.v1.ping_response", ...identity };
      case "INFO":
        return {
          type: "io.nats.micro.v1.info_response",
          ...identity,
          description: options.description,
          endpoints: [],
        };
      case "STATS":
        return {
          type: "io.nats.micro.v1.stats_response",
          ...identity,
          started,
          endpoints: [],
          data: options.stats(),
        };
    }
  };
  const subs: Subscription[] = [];
  for (const verb of VERBS) {
    for (const subject of [
      `$SRV.${verb}`,
      `$SRV.${verb}.${options.name}`,
      `$SRV.${verb}.${options.name}.${options.id}`,
    ]) {
      subs.push(
        natsHandles(bus).nc.subscribe(subject, {
          callback: (_error, msg) => void msg.respond(encodeJson(body(verb))),
        }),
      );
    }
  }
  return () => subs.forEach((sub) => sub.unsubscribe());
}
