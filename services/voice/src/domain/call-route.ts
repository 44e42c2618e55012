import {
  buildVoiceSessionKey,
  normalizeAgentId,
  resolveRoute,
  type RoutingConfig,
} from "@clawfleet/core";

/** The agent and session of a call with `number` (the caller, or whom we call). */
export interface CallRoute {
  agentId: string;
  sessionKey: string;
}

/**
 * Routes a call like any channel message: `bindings` with `match.channel: "voice"` (and a peer
 * match on the number) pick the agent, else the default agent; the session is
 * `agent:<id>:voice:<digits>`. An explicit agent id (the `voice_call` tool, the CLI) wins.
 */
export function routeCall(config: RoutingConfig, number: string, agentId?: string): CallRoute {
  const peerId = number.replace(/[\s:]/g, "") || "anonymous";
  const chosen = agentId
    ? normalizeAgentId(agentId)
    : resolveRoute(config, {
        channel: "voice",
        accountId: "default",
        peer: { kind: "dm", id: peerId },
      }).agentId;
  try {
    return { agentId: chosen, sessionKey: buildVoiceSessionKey(chosen, peerId) };
  } catch {
    // A caller id with no digits and characters a key cannot hold (withheld numbers).
    return { agentId: chosen, sessionKey: buildVoiceSessionKey(chosen, "anonymous") };
  }
}
