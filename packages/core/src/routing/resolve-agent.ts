import { DEFAULT_ACCOUNT_ID } from "../message/inbound-message.js";
import { DEFAULT_AGENT_ID, normalizeAgentId } from "../session/agent-id.js";

/** One `bindings[]` entry (mirrors openclaw.json; peer kinds `dm`/`direct`, `group`, `channel`). */
export interface Binding {
  agentId: string;
  match: {
    channel: string;
    /** Exact account id, `"*"` for any account; absent means the `default` account only. */
    accountId?: string;
    peer?: { kind: string; id: string };
    guildId?: string;
  };
}

/** One `agents.list[]` entry, as far as routing reads it. */
export interface AgentListEntry {
  id: string;
  default?: boolean;
}

/** The config slice agent resolution reads. */
export interface AgentRoutingConfig {
  bindings?: readonly Binding[];
  agents?: { list?: readonly AgentListEntry[] };
}

/** A peer as routing sees it. */
export interface RoutePeer {
  kind: string;
  id: string;
}

/** What a binding can match on. */
export interface RouteScope {
  channel: string;
  accountId?: string;
  peer?: RoutePeer;
  /** The thread's parent (Discord parent channel, Telegram forum chat), for binding inheritance. */
  parentPeer?: RoutePeer;
  guildId?: string;
}

/** Which tier picked the agent, for debug logs. */
export type MatchedBy =
  | "binding.peer"
  | "binding.peer.parent"
  | "binding.guild"
  | "binding.account"
  | "binding.channel"
  | "default";

/** The chosen agent and the tier that chose it. */
export interface AgentMatch {
  agentId: string;
  matchedBy: MatchedBy;
  /** Index of the winning entry in `bindings`, absent for the default. */
  bindingIndex?: number;
}

/** The default agent: the `agents.list` entry with `default: true`, else the first, else `main`. */
export function resolveDefaultAgentId(cfg: AgentRoutingConfig): string {
  const list = cfg.agents?.list ?? [];
  const chosen = list.find((agent) => agent.default === true) ?? list[0];
  return chosen ? normalizeAgentId(chosen.id) : DEFAULT_AGENT_ID;
}

function normalizeKind(kind: string): string | undefined {
  const lower = kind.trim().toLowerCase();
  if (lower === "dm" || lower === "direct") return "dm";
  return lower === "group" || lower === "channel" ? lower : undefined;
}

/** Group and channel are interchangeable for peer matching, as in OpenClaw. */
function peerMatches(constraint: RoutePeer | undefined, peer: RoutePeer | undefined): boolean {
  if (!constraint || !peer) return false;
  const want = normalizeKind(constraint.kind);
  const have = normalizeKind(peer.kind);
  if (!want || !have || constraint.id.trim() !== peer.id.trim()) return false;
  return want === have || (want !== "dm" && have !== "dm");
}

function accountMatches(pattern: string | undefined, accountId: string): boolean {
  const wanted = pattern?.trim() || DEFAULT_ACCOUNT_ID;
  return wanted === "*" || wanted.toLowerCase() === accountId.toLowerCase();
}

type Tier = { matchedBy: Exclude<MatchedBy, "default">; test: (binding: Binding) => boolean };

function buildTiers(scope: RouteScope): Tier[] {
  const guildId = scope.guildId?.trim();
  const hasPeer = (b: Binding) => b.match.peer !== undefined;
  const guildOk = (b: Binding) => !b.match.guildId?.trim() || b.match.guildId.trim() === guildId;
  return [
    { matchedBy: "binding.peer", test: (b) => peerMatches(b.match.peer, scope.peer) && guildOk(b) },
    {
      matchedBy: "binding.peer.parent",
      test: (b) => peerMatches(b.match.peer, scope.parentPeer) && guildOk(b),
    },
    {
      matchedBy: "binding.guild",
      test: (b) => !hasPeer(b) && !!guildId && b.match.guildId?.trim() === guildId,
    },
    {
      matchedBy: "binding.account",
      test: (b) => !hasPeer(b) && !b.match.guildId?.trim() && b.match.accountId?.trim() !== "*",
    },
    {
      matchedBy: "binding.channel",
      test: (b) => !hasPeer(b) && !b.match.guildId?.trim() && b.match.accountId?.trim() === "*",
    },
  ];
}

/** Keeps a bound agent id only if `agents.list` knows it (or the list is empty), as OpenClaw does. */
function knownAgentOrDefault(cfg: AgentRoutingConfig, agentId: string): string {
  const list = cfg.agents?.list ?? [];
  const wanted = normalizeAgentId(agentId);
  if (list.length === 0 || list.some((agent) => normalizeAgentId(agent.id) === wanted))
    return wanted;
  return resolveDefaultAgentId(cfg);
}

/**
 * Picks the agent for a conversation with OpenClaw's tiers — peer, thread parent peer, guild,
 * account (exact id; a binding without `accountId` means the `default` account), any account
 * (`"*"`), then the default agent; within a tier the first binding in config order wins.
 */
export function resolveAgent(cfg: AgentRoutingConfig, scope: RouteScope): AgentMatch {
  const channel = scope.channel.trim().toLowerCase();
  const accountId = scope.accountId?.trim() || DEFAULT_ACCOUNT_ID;
  const candidates = (cfg.bindings ?? [])
    .map((binding, index) => ({ binding, index }))
    .filter(({ binding }) => binding.match.channel.trim().toLowerCase() === channel)
    .filter(({ binding }) => accountMatches(binding.match.accountId, accountId));
  for (const tier of buildTiers(scope)) {
    const hit = candidates.find(({ binding }) => tier.test(binding));
    if (hit) {
      return {
        agentId: knownAgentOrDefault(cfg, hit.binding.agentId),
        matchedBy: tier.matchedBy,
        bindingIndex: hit.index,
      };
    }
  }
  return { agentId: resolveDefaultAgentId(cfg), matchedBy: "default" };
}
