import { isValidAgentId } from "./agent-id.js";
import type { DmScope } from "./session-key.js";

/** A session key taken apart; which fields exist depends on `kind`. */
export type ParsedSessionKey =
  | { kind: "main"; agentId: string; mainKey: string }
  | {
      kind: "dm";
      agentId: string;
      dmScope: Exclude<DmScope, "main">;
      peerId: string;
      channel?: string;
      accountId?: string;
    }
  | {
      kind: "group" | "channel";
      agentId: string;
      channel: string;
      peerId: string;
      thread?: { kind: "thread" | "topic"; id: string };
    }
  | { kind: "voice"; agentId: string; channel: "voice"; peerId: string };

/** Result of {@link parseSessionKey}: the parts, or why the key is malformed. */
export type ParseSessionKeyResult =
  { ok: true; key: ParsedSessionKey } | { ok: false; reason: string };

const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/;
const DIRECT = new Set(["direct", "dm"]);
const GROUPISH = new Set(["group", "channel"]);
const THREADISH = new Set(["thread", "topic"]);

function fail(reason: string): ParseSessionKeyResult {
  return { ok: false, reason };
}

function parseChannelScoped(agentId: string, rest: string[]): ParseSessionKeyResult {
  const [channel = "", second = "", third = "", fourth = "", fifth = ""] = rest;
  if (!CHANNEL.test(channel))
    return fail(`channel ${JSON.stringify(channel)} is not a lower-case slug`);
  if (rest.length === 3 && DIRECT.has(second)) {
    return {
      ok: true,
      key: { kind: "dm", agentId, dmScope: "per-channel-peer", channel, peerId: third },
    };
  }
  if (rest.length === 4 && DIRECT.has(third)) {
    return {
      ok: true,
      key: {
        kind: "dm",
        agentId,
        dmScope: "per-account-channel-peer",
        channel,
        accountId: second,
        peerId: fourth,
      },
    };
  }
  if (GROUPISH.has(second) && rest.length === 3) {
    return {
      ok: true,
      key: { kind: second as "group" | "channel", agentId, channel, peerId: third },
    };
  }
  if (GROUPISH.has(second) && rest.length === 5 && THREADISH.has(fourth)) {
    const thread = { kind: fourth as "thread" | "topic", id: fifth };
    return {
      ok: true,
      key: { kind: second as "group" | "channel", agentId, channel, peerId: third, thread },
    };
  }
  return fail(`unrecognized key shape after agent:${agentId}: (${rest.join(":")})`);
}

/**
 * Parses a session key in OpenClaw's grammar (see `buildSessionKey`), accepting the legacy
 * `dm` segment as well as `direct`; anything else is rejected with a reason.
 */
export function parseSessionKey(key: string): ParseSessionKeyResult {
  if (/\s/.test(key)) return fail("contains whitespace");
  const parts = key.split(":");
  if (parts[0] !== "agent") return fail("must start with 'agent:'");
  if (parts.length < 3) return fail("needs at least agent:<agentId>:<rest>");
  if (parts.some((part) => part === "")) return fail("has an empty segment");
  const agentId = parts[1] ?? "";
  if (!isValidAgentId(agentId)) return fail(`agent id ${JSON.stringify(agentId)} is not valid`);
  const rest = parts.slice(2);
  const [first = "", second = ""] = rest;
  if (rest.length === 1) return { ok: true, key: { kind: "main", agentId, mainKey: first } };
  if (rest.length === 2 && DIRECT.has(first)) {
    return { ok: true, key: { kind: "dm", agentId, dmScope: "per-peer", peerId: second } };
  }
  if (rest.length === 2 && first === "voice") {
    return { ok: true, key: { kind: "voice", agentId, channel: "voice", peerId: second } };
  }
  return parseChannelScoped(agentId, rest);
}
