import type { OpenClawConfig } from "@clawfleet/config";
import { buildMainSessionKey, normalizeMainKey, resolveDefaultAgentId } from "@clawfleet/core";
import * as z from "zod";
import { DEFAULT_MODEL_REF } from "../../domain/model-catalog.js";
import { resolveSessionTarget } from "../../domain/session-target.js";
import { invalidRequest } from "../../errors.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

/** An agent as `agents.list` shows it. */
interface AgentEntry {
  id: string;
  name: string;
  kind: "agent";
  isDefault: boolean;
  identity: { name: string; emoji?: string };
  model: { primary: string; fallbacks: string[] };
}

/** The configured agents (the implicit `main` when the list is empty), from the running config. */
export function agentEntries(config: OpenClawConfig): AgentEntry[] {
  const defaultId = resolveDefaultAgentId(config);
  const defaults = config.agents.defaults.model;
  const listed = config.agents.list.length > 0 ? config.agents.list : [{ id: defaultId } as const];
  return listed.map((agent) => {
    const id = agent.id.toLowerCase();
    const name =
      ("identity" in agent && agent.identity?.name) || ("name" in agent && agent.name) || id;
    const emoji = "identity" in agent ? agent.identity?.emoji : undefined;
    const own = "model" in agent ? agent.model : undefined;
    return {
      id,
      name,
      kind: "agent",
      isDefault: id === defaultId,
      identity: { name, ...(emoji ? { emoji } : {}) },
      model: {
        primary: own?.primary ?? defaults?.primary ?? DEFAULT_MODEL_REF,
        fallbacks: own?.fallbacks ?? defaults?.fallbacks ?? [],
      },
    };
  });
}

/** `agents.list` and `agent.identity.get`, answered from the config (no agents worker needed). */
export function agentsListMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("agents.list", Scope.Read, z.looseObject({}), async () => {
      const config = deps.config();
      const defaultId = resolveDefaultAgentId(config);
      const mainKey = normalizeMainKey(config.session.mainKey);
      return {
        defaultId,
        mainKey,
        mainSessionKey: buildMainSessionKey(defaultId, mainKey),
        scope: "per-sender",
        agents: agentEntries(config),
      };
    }),
    defineMethod(
      "agent.identity.get",
      Scope.Read,
      z.looseObject({
        agentId: z.string().max(64).optional(),
        sessionKey: z.string().max(512).optional(),
      }),
      async (params) => {
        const config = deps.config();
        const target = resolveSessionTarget(config, params.sessionKey, params.agentId);
        if (typeof target === "string") throw invalidRequest(target);
        const agent = agentEntries(config).find((a) => a.id === target.agentId);
        const name = agent?.identity.name ?? target.agentId;
        return {
          agentId: target.agentId,
          name,
          ...(agent?.identity.emoji ? { emoji: agent.identity.emoji } : {}),
          avatar: null,
        };
      },
    ),
  ];
}
