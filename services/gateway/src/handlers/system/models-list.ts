import * as z from "zod";
import { agentModels } from "../../bus/agent-models.js";
import { catalogEntry, modelsFromConfig } from "../../domain/model-catalog.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

/**
 * `models.list`: the configured models in OpenClaw's entry shape (`id`, `provider`, `name`,
 * `contextWindow`, `available`), with availability from the agents; from the config alone (no
 * availability) when no agents worker answers. OpenClaw's view/provider/refresh params are accepted
 * (the catalogue is the config's, so there is nothing to refresh).
 */
export function modelsListMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("models.list", Scope.Read, z.looseObject({}), async () => {
    const reported = await agentModels(deps.bus);
    const models = reported ?? modelsFromConfig(deps.config());
    const result: Record<string, unknown> = {
      models: models.map(catalogEntry),
      source: reported ? "agents" : "config",
    };
    if (!reported)
      result.note = "no agents worker answered: availability of each provider is unknown";
    else if (!reported.some((m) => m.available)) {
      const reasons = [...new Set(reported.map((m) => m.reason).filter(Boolean))];
      result.problem =
        reported.length === 0
          ? "no model is configured: set agents.defaults.model.primary (e.g. anthropic/claude-sonnet-4-5)"
          : `no configured model can be used: ${reasons.join("; ") || "no provider has an API key"}`;
    }
    return result;
  });
}
