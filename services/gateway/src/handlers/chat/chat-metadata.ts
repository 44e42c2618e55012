import * as z from "zod";
import { agentModels } from "../../bus/agent-models.js";
import { CHAT_COMMANDS } from "../../domain/agent-capabilities.js";
import { catalogEntry, modelsFromConfig, type ReportedModel } from "../../domain/model-catalog.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

/**
 * `chat.metadata` (the chat view's commands and models) and `models.authStatus` (per provider:
 * whether the agents hold a key for it; `unknown` when no agents worker answers).
 */
export function chatMetadataMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("chat.metadata", Scope.Read, z.looseObject({}), async () => {
      const models = (await agentModels(deps.bus)) ?? modelsFromConfig(deps.config());
      return {
        commands: CHAT_COMMANDS.map((c) => ({
          name: c.name,
          description: c.description,
          ...(c.args ? { args: c.args } : {}),
        })),
        models: models.map(catalogEntry),
      };
    }),
    defineMethod("models.authStatus", Scope.Read, z.looseObject({}), async () => {
      const reported = await agentModels(deps.bus);
      const models = reported ?? modelsFromConfig(deps.config());
      const byProvider = new Map<string, ReportedModel[]>();
      for (const model of models)
        byProvider.set(model.provider, [...(byProvider.get(model.provider) ?? []), model]);
      return {
        updatedAt: Date.now(),
        providers: [...byProvider.entries()].map(([provider, list]) => {
          const ok = list.some((m) => m.available);
          const reason = list.find((m) => m.reason)?.reason;
          return {
            provider,
            status: reported === undefined ? "unknown" : ok ? "ok" : "missing",
            profiles: [],
            ...(reported !== undefined && !ok && reason ? { reason } : {}),
          };
        }),
      };
    }),
  ];
}
