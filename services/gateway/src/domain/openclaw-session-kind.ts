/** A session's kind as OpenClaw's clients read it from `sessions.list` (its Control UI hides "unknown" and "global" rows from the sidebar). */
export type OpenClawSessionKind = "direct" | "group" | "global";

/**
 * The OpenClaw kind of a session, from the peer kind its channel recorded (`dm`, `group`,
 * `channel`) or else from its key, as OpenClaw's gateway classifies it: group and channel chats
 * are "group", the shared `global` session is "global", every other session (main, web chat,
 * DM, cron) is "direct".
 */
export function openClawSessionKind(key: string, peerKind?: string): OpenClawSessionKind {
  if (key === "global") return "global";
  if (peerKind === "group" || peerKind === "channel") return "group";
  if (peerKind === "dm" || peerKind === "direct") return "direct";
  return key.includes(":group:") || key.includes(":channel:") ? "group" : "direct";
}
