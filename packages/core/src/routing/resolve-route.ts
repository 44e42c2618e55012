import type { InboundMessage } from "../message/inbound-message.js";
import { buildMainSessionKey, buildSessionKey } from "../session/session-key.js";
import type { SessionScopeConfig } from "../session/session-key.js";
import type { AgentMatch, AgentRoutingConfig, RouteScope } from "./resolve-agent.js";
import { resolveAgent } from "./resolve-agent.js";

/** The config slice routing reads: bindings, the agent list and the session-key settings. */
export interface RoutingConfig extends AgentRoutingConfig {
  session?: SessionScopeConfig;
}

/** The parts of an inbound message routing needs. */
export type RoutableMessage = Pick<
  InboundMessage,
  "channel" | "accountId" | "peer" | "threadId" | "parentChannelId" | "guildId"
>;

/** The agent for a message, how it was chosen, and the session the message belongs to. */
export interface ResolvedRoute extends AgentMatch {
  channel: string;
  accountId: string;
  sessionKey: string;
  /** The agent's main session key, where DMs collapse under `dmScope: main`. */
  mainSessionKey: string;
}

/**
 * What bindings can match for a message: a Discord thread is matched as its own channel, then as
 * its parent channel; a Telegram forum topic as `<chatId>:topic:<topicId>`, then as the chat.
 */
export function routeScopeFor(message: RoutableMessage): RouteScope {
  const scope: RouteScope = {
    channel: message.channel,
    accountId: message.accountId,
    peer: message.peer,
  };
  if (message.guildId !== undefined) scope.guildId = message.guildId;
  if (message.channel === "discord" && message.peer.kind !== "dm") {
    scope.peer = { kind: message.peer.kind, id: message.threadId ?? message.peer.id };
    if (message.parentChannelId !== undefined)
      scope.parentPeer = { kind: "channel", id: message.parentChannelId };
  } else if (
    message.channel === "telegram" &&
    message.peer.kind !== "dm" &&
    message.threadId !== undefined
  ) {
    scope.peer = { kind: message.peer.kind, id: `${message.peer.id}:topic:${message.threadId}` };
    scope.parentPeer = message.peer;
  }
  return scope;
}

/** Resolves the agent for an inbound message (see `resolveAgent`) and its session key. */
export function resolveRoute(cfg: RoutingConfig, message: RoutableMessage): ResolvedRoute {
  const match = resolveAgent(cfg, routeScopeFor(message));
  const session = cfg.session ?? {};
  const sessionKey = buildSessionKey({
    agentId: match.agentId,
    channel: message.channel,
    accountId: message.accountId,
    peer: message.peer,
    threadId: message.threadId,
    dmScope: session.dmScope,
    mainKey: session.mainKey,
  });
  return {
    ...match,
    channel: message.channel,
    accountId: message.accountId,
    sessionKey,
    mainSessionKey: buildMainSessionKey(match.agentId, session.mainKey),
  };
}
