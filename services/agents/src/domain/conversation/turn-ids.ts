import { createHash } from "node:crypto";

const digests = new Map<string, string>();

/** A short stable digest of a session key (ids must stay under 256 characters whatever the key); memoized. */
export function sessionDigest(sessionKey: string): string {
  let digest = digests.get(sessionKey);
  if (digest === undefined) {
    digest = createHash("sha256").update(sessionKey).digest("base64url").slice(0, 16);
    if (digests.size >= 4096) digests.clear();
    digests.set(sessionKey, digest);
  }
  return digest;
}

/** The key of a turn: the inbox sequences it answers. */
export function turnKey(firstSeq: number, lastSeq: number): string {
  return `${firstSeq}-${lastSeq}`;
}

/**
 * The OUTBOX id (and `Nats-Msg-Id`) of a turn's reply: derived from the session and the inputs it
 * answers, so a reply re-published after a crash is recognised as the same reply.
 */
export function replyId(sessionKey: string, key: string, part = "reply"): string {
  return `${sessionDigest(sessionKey)}:${key}:${part}`;
}

/** The run id events carry for a turn whose inputs brought none (channel input). */
export function generatedRunId(sessionKey: string, key: string): string {
  return `run-${sessionDigest(sessionKey)}-${key}`;
}
