import type { PeerKind, ReplyTarget } from "@clawfleet/core";

/** What `send` / `agent` get to address a channel. */
export interface OutboundAddress {
  channel: string;
  to: string;
  accountId: string;
  threadId?: string;
}

const PREFIXES: Record<string, PeerKind> = {
  channel: "channel",
  user: "dm",
  dm: "dm",
  direct: "dm",
  group: "group",
};
const PLATFORM_ID = /^[^\s:]{1,128}$/;

/**
 * Turns an OpenClaw-style destination into a reply target: `channel:<id>`, `user:<id>`,
 * `dm:<id>`, `group:<id>`, or a bare id (Discord: a channel; Telegram: a group when negative,
 * else a private chat). Returns a reason instead when the destination cannot be understood.
 */
export function outboundTarget(address: OutboundAddress): ReplyTarget | string {
  const raw = address.to.trim();
  const match = /^([a-z]+):(.+)$/.exec(raw);
  let kind: PeerKind;
  let id: string;
  if (match && PREFIXES[match[1]!]) {
    kind = PREFIXES[match[1]!]!;
    id = match[2]!.trim();
  } else if (match) {
    return `unknown destination prefix "${match[1]}:" (use channel:, user:, dm: or group:)`;
  } else {
    id = raw;
    kind = address.channel === "telegram" ? (raw.startsWith("-") ? "group" : "dm") : "channel";
  }
  if (!PLATFORM_ID.test(id)) return `"${address.to}" is not a ${address.channel} id`;
  if (address.channel === "telegram" && !/^-?\d+$/.test(id))
    return `Telegram destinations are numeric chat ids, got "${id}"`;
  const target: ReplyTarget = {
    channel: address.channel,
    accountId: address.accountId,
    peer: { kind, id },
  };
  if (address.threadId) target.threadId = address.threadId;
  return target;
}
