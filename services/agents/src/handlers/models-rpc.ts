import { ModelsList, type Bus } from "@clawfleet/bus";
import type { ClawEnv, LiveConfig } from "@clawfleet/config";
import type { Subscription } from "./subscription.js";
import { listConfiguredModels } from "../domain/models/configured-models.js";

/** Serves `models.list`: every model the config names, with whether its provider has a key. */
export function serveModelsList(bus: Bus, config: LiveConfig, env: ClawEnv): Subscription {
  return bus.serve(ModelsList, {}, () => ({
    models: listConfiguredModels(config.current, env).map(
      ({ id, provider, name, available, reason }) => ({
        id,
        provider,
        ...(name ? { name } : {}),
        available,
        ...(reason ? { reason } : {}),
      }),
    ),
  }));
}
