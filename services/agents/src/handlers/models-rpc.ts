import { ModelsList, type Bus } from "@clawfleet/bus";
import type { ClawEnv, LiveConfig } from "@clawfleet/config";
import type { Subscription } from "./subscription.js";
import { listConfiguredModels } from "../domain/models/configured-models.js";
import { modelLimits } from "../domain/models/context-window.js";
import { parseModelRef } from "../domain/models/model-ref.js";

/** Serves `models.list`: every model the config names, with whether its provider has a key and its context window. */
export function serveModelsList(bus: Bus, config: LiveConfig, env: ClawEnv): Subscription {
  return bus.serve(ModelsList, {}, () => ({
    models: listConfiguredModels(config.current, env).map(
      ({ id, provider, name, alias, available, reason }) => ({
        id,
        provider,
        ...(name ? { name } : {}),
        ...(alias ? { alias } : {}),
        available,
        ...(reason ? { reason } : {}),
        contextWindow: modelLimits(config.current, parseModelRef(id)!).contextWindow,
      }),
    ),
  }));
}
