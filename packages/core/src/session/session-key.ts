import { CoreError } from "../errors.js";
import type { PeerKind } from "../message/inbound-message.js";
import { DEFAULT_ACCOUNT_ID } from "../message/inbound-message.js";
import { normalizeAgentId, normalizeMainKey } from "./agent-id.js";

/** How direct messages map to sessions (`session.dmScope`). */
export const DmScopes = [
  "main",
  "per-peer",
  "per-channel-peer",
  "per-account-channel-peer",
] as const;

/** One of the DM scopes; `main` is the default. */
export type DmScope = (typeof DmScopes)[number];

/** The `session` config slice that shapes keys (mirrors openclaw.json `session`). */
export interface SessionScopeConfig {
  dmScope?: DmScope;
  mainKey?: string;
}

/** Segment OpenClaw writes for direct chats (older releases wrote `dm`; the parser accepts both). */
export const DIRECT_SEGMENT = "direct";

/** Everything that decides a conversation's session key. */
export interface SessionKeyInput {
  agentId: string;
  channel: string;
  accountId?: string;
  peer: { kind: PeerKind; id: string };
  /** Discord thread channel id or Telegram forum topic id. */
  threadId?: string;
  dmScope?: DmScope;
  mainKey?: string;
}

/** Validates and lower-cases one key segment; ids with `:` or whitespace would corrupt the key. */
function segment(value: string | undefined, what: string): string {
  const trimmed = (value ?? "").trim();
  if (!trimmed || /[\s:]/.test(trimmed)) {
    throw new CoreError(
      "invalid_session_key_part",
      `${what} ${JSON.stringify(value)} cannot be a session-key segment`,
    );
  }
  return trimmed.toLowerCase();
}

/** `agent:<agentId>:<mainKey>` — the agent's main session (DMs under dmScope main, webchat). */
export function buildMainSessionKey(agentId: string, mainKey?: string): string {
  return `agent:${normalizeAgentId(agentId)}:${normalizeMainKey(mainKey)}`;
}

/**
 * `agent:<agentId>:voice:<digits>` — one session per caller number, as OpenClaw's voice-call
 * plugin keys it (`+1 555…` → `1555…`); a caller id without digits (anonymous) is kept as is.
 */
export function buildVoiceSessionKey(agentId: string, caller: string): string {
  const digits = caller.replace(/\D/g, "");
  return `agent:${normalizeAgentId(agentId)}:voice:${digits || segment(caller, "voice caller id")}`;
}

function buildDirectKey(input: SessionKeyInput, agentId: string): string {
  const scope = input.dmScope ?? "main";
  if (scope === "main") return buildMainSessionKey(agentId, input.mainKey);
  const peer = segment(input.peer.id, "peer id");
  if (scope === "per-peer") return `agent:${agentId}:${DIRECT_SEGMENT}:${peer}`;
  const channel = segment(input.channel, "channel");
  if (scope === "per-channel-peer") return `agent:${agentId}:${channel}:${DIRECT_SEGMENT}:${peer}`;
  const account = segment(input.accountId ?? DEFAULT_ACCOUNT_ID, "account id");
  return `agent:${agentId}:${channel}:${account}:${DIRECT_SEGMENT}:${peer}`;
}

function buildGroupKey(input: SessionKeyInput, agentId: string): string {
  const channel = segment(input.channel, "channel");
  const thread = input.threadId === undefined ? undefined : segment(input.threadId, "thread id");
  if (channel === "discord") {
    // A Discord thread is a channel of its own: OpenClaw keys it by the thread's channel id.
    return `agent:${agentId}:discord:${input.peer.kind}:${thread ?? segment(input.peer.id, "peer id")}`;
  }
  const base = `agent:${agentId}:${channel}:${input.peer.kind}:${segment(input.peer.id, "peer id")}`;
  if (thread === undefined) return base;
  return channel === "telegram" ? `${base}:topic:${thread}` : `${base}:thread:${thread}`;
}

/**
 * The session key of a conversation, in OpenClaw's grammar: DMs follow `dmScope`, groups are
 * `agent:<id>:<channel>:group:<gid>`, server channels `agent:<id>:<channel>:channel:<cid>`,
 * Telegram topics append `:topic:<id>`, other threads `:thread:<id>`, voice calls key by caller
 * and webchat shares the main session. Throws {@link CoreError} for ids containing `:`.
 */
export function buildSessionKey(input: SessionKeyInput): string {
  const agentId = normalizeAgentId(input.agentId);
  const channel = input.channel.trim().toLowerCase();
  if (channel === "webchat") return buildMainSessionKey(agentId, input.mainKey);
  if (channel === "voice") return buildVoiceSessionKey(agentId, input.peer.id);
  return input.peer.kind === "dm" ? buildDirectKey(input, agentId) : buildGroupKey(input, agentId);
}
