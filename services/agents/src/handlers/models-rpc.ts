import { ModelsList, type Bus } from "@clawfleet/bus";
import { modelInput, type ClawEnv, type LiveConfig } from "@clawfleet/config";
import type { Subscription } from "./subscription.js";
import { listConfiguredModels } from "../domain/models/configured-models.js";
import { modelLimits } from "../domain/models/context-window.js";
import { parseModelRef } from "../domain/models/model-ref.js";

/**
 * Serves `models.list`: every model the config names, with whether its provider has a key, its
 * context window and whether it takes images.
 */
export function serveModelsList(bus: Bus, config: LiveConfig, env: ClawEnv): Subscription {
  return bus.serve(ModelsList, {}, () => ({
    models: listConfiguredModels(config.current, env).map(
      ({ id, provider, name, alias, available, reason }) => {
        const ref = parseModelRef(id)!;
        return {
          id,
          provider,
          ...(name ? { name } : {}),
          ...(alias ? { alias } : {}),
          available,
          ...(reason ? { reason } : {}),
          contextWindow: modelLimits(config.current, ref).contextWindow,
          input: modelInput(config.current, provider, ref.model),
        };
      },
    ),
  }));
}
