/** Headers as Node gives them: lower-case names, string or string[] values. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The first value of a header, trimmed (`X-Forwarded-*` may list one per proxy). */
export function firstHeader(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();
  return first || undefined;
}

/**
 * The URL the caller used, as a signature check needs it: scheme from `X-Forwarded-Proto`
 * (Fly's proxy terminates TLS), host from `X-Forwarded-Host` or `Host`, then path and query.
 */
export function publicUrl(
  headers: IncomingHeaders,
  pathAndQuery: string,
  fallbackHost: string,
): string {
  const proto =
    firstHeader(headers, "x-forwarded-proto")?.toLowerCase() === "https" ? "https" : "http";
  const host =
    firstHeader(headers, "x-forwarded-host") ?? firstHeader(headers, "host") ?? fallbackHost;
  return `${proto}://${host}${pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`}`;
}
