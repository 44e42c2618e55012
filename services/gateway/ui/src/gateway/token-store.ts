const KEY = "clawfleet.gatewayToken";

/**
 * The gateway token: taken once from `?token=` (then removed from the address bar with
 * `history.replaceState`, so it never lingers in history or bookmarks) and kept in local storage.
 */
export function initialToken(): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl !== null) {
    url.searchParams.delete("token");
    history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
    if (fromUrl.trim()) saveToken(fromUrl.trim());
  }
  return localStorage.getItem(KEY) ?? undefined;
}

/** Remembers the token for the next visit. */
export function saveToken(token: string): void {
  localStorage.setItem(KEY, token);
}

/** Forgets the stored token. */
export function clearToken(): void {
  localStorage.removeItem(KEY);
}

/** The gateway's WebSocket URL: the page's own host (same origin). */
export function gatewayUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
}
