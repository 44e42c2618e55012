const CHAT_SESSION_KEY = "clawfleet.chatSession";

/** The session the chat showed last (kept across reloads), if one was chosen. */
export function storedChatSession(): string | undefined {
  return localStorage.getItem(CHAT_SESSION_KEY) ?? undefined;
}

/** Remembers the session the chat shows, or forgets it (back to the agent's main session). */
export function storeChatSession(key: string | undefined): void {
  if (key) localStorage.setItem(CHAT_SESSION_KEY, key);
  else localStorage.removeItem(CHAT_SESSION_KEY);
}

/**
 * A fresh session key for a new web chat of the agent owning `mainKey` (`agent:<id>:main`):
 * `agent:<id>:web-<8 hex>`, beside the main session the chat opens by default.
 */
export function newChatKey(mainKey: string): string {
  const agentId = mainKey.split(":")[1] || "main";
  const random = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  return `agent:${agentId}:web-${random}`;
}

/** The name a session goes by in the switcher: its label, else who it is with, else its key. */
export function sessionTitle(row: { key: string; label?: string; displayName?: string }): string {
  return row.label ?? row.displayName ?? row.key;
}
