/**
 * `fetch` options both model SDKs get. `redirect: "error"` lets undici send the request as it is:
 * with the default "follow" every request is cloned first (its body stream teed) in case it has to be
 * replayed, ~0.1 ms of CPU per model call. Model APIs do not redirect; a proxy that does fails
 * loudly as a connection error (and fails over) instead of being followed.
 */
export const SDK_FETCH_OPTIONS = { redirect: "error" } as const satisfies RequestInit;
