import { ModelsList } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

/** `models.list`: configured models and whether their provider has a key (answered by the agents). */
export function modelsListMethod(deps: GatewayDeps): MethodDef {
  return defineMethod("models.list", Scope.Read, z.looseObject({}), async () => {
    const reply = await callService(deps.bus, "agents", ModelsList, {}, {});
    const usable = reply.models.filter((m) => m.available);
    const result: Record<string, unknown> = { models: reply.models };
    if (usable.length === 0) {
      const reasons = [...new Set(reply.models.map((m) => m.reason).filter(Boolean))];
      result.problem =
        reply.models.length === 0
          ? "no model is configured: set agents.defaults.model.primary (e.g. anthropic/claude-sonnet-4-5)"
          : `no configured model can be used: ${reasons.join("; ") || "no provider has an API key"}`;
    }
    return result;
  });
}
