import {
  buildMainSessionKey,
  parseSessionKey,
  resolveDefaultAgentId,
  type AgentRoutingConfig,
} from "@clawfleet/core";

/** A session key and the agent it belongs to. */
export interface SessionTarget {
  sessionKey: string;
  agentId: string;
}

/** The config slices session resolution reads. */
export type SessionTargetConfig = AgentRoutingConfig & { session?: { mainKey?: string } };

/**
 * Resolves the session a web or API client means: a full key (`agent:<id>:…`) as is, a bare main
 * key such as `main` as the default agent's main session, nothing as the main session of
 * `agentId` (or the default agent). Returns a reason when the key is malformed.
 */
export function resolveSessionTarget(
  config: SessionTargetConfig,
  sessionKey: string | undefined,
  agentId?: string,
): SessionTarget | string {
  const key = sessionKey?.trim();
  if (!key) {
    const agent = agentId?.trim() || resolveDefaultAgentId(config);
    return {
      sessionKey: buildMainSessionKey(agent, config.session?.mainKey),
      agentId: agent.toLowerCase(),
    };
  }
  if (!key.startsWith("agent:")) {
    if (/[\s:]/.test(key))
      return `sessionKey "${key}" is not a session key (expected agent:<agentId>:<rest> or a main key)`;
    const agent = agentId?.trim() || resolveDefaultAgentId(config);
    return { sessionKey: buildMainSessionKey(agent, key), agentId: agent.toLowerCase() };
  }
  const parsed = parseSessionKey(key);
  if (!parsed.ok) return `sessionKey "${key}" is malformed: ${parsed.reason}`;
  return { sessionKey: key, agentId: parsed.key.agentId };
}
