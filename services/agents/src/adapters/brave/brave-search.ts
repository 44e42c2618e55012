import { isIP } from "node:net";
import { blockedAddressReason } from "../../domain/network/address-policy.js";
import { FetchRefusedError, safeFetch } from "../../tools/safe-fetch.js";
import type { WebSearchQuery, WebSearchHit } from "../../domain/web-search/web-search-query.js";
import { WebSearchError } from "../../errors.js";

/** Limits of one Brave request. */
export const BraveLimits = { maxBytes: 1024 * 1024 } as const;

/** How to reach Brave. */
export interface BraveEndpoint {
  apiKey: string;
  /** `<base>/res/v1/web/search`. */
  endpoint: string;
  timeoutMs: number;
}

interface BraveResult {
  title?: unknown;
  url?: unknown;
  description?: unknown;
  page_age?: unknown;
  profile?: { name?: unknown };
  meta_url?: { hostname?: unknown };
}

const text = (value: unknown): string =>
  typeof value === "string"
    ? value
        .replace(/<\/?(strong|b|em|i|span|br)\b[^<>]*>/gi, "")
        .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) =>
          e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : "'",
        )
        .trim()
    : "";

/** The query string Brave's web search takes for `query`. */
export function braveParams(query: WebSearchQuery): URLSearchParams {
  const params = new URLSearchParams({ q: query.query, count: String(query.count) });
  if (query.country) params.set("country", query.country);
  if (query.searchLang) params.set("search_lang", query.searchLang);
  if (query.uiLang) params.set("ui_lang", query.uiLang);
  if (query.freshness) params.set("freshness", query.freshness);
  return params;
}

/** An http(s) URL canonicalized, or undefined for anything else. */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** `web.results[]` as hits: http(s) URLs only, HTML tags stripped, at most `count`. */
export function braveHits(body: unknown, count: number): WebSearchHit[] {
  const results = (body as { web?: { results?: unknown } } | null)?.web?.results;
  if (!Array.isArray(results)) return [];
  const hits: WebSearchHit[] = [];
  for (const raw of results as BraveResult[]) {
    const url = httpUrl(raw?.url);
    if (!url) continue;
    const published = typeof raw.page_age === "string" && /^\d{4}-\d{2}-\d{2}/.test(raw.page_age);
    const siteName = text(raw.profile?.name) || text(raw.meta_url?.hostname);
    hits.push({
      title: text(raw.title) || url,
      url,
      snippet: text(raw.description),
      ...(published ? { published: raw.page_age as string } : {}),
      ...(siteName ? { siteName } : {}),
    });
    if (hits.length >= count) break;
  }
  return hits;
}

function statusError(status: number, body: string): WebSearchError {
  let detail = "";
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; detail?: unknown } };
    const code = typeof parsed.error?.code === "string" ? parsed.error.code : "";
    const said = typeof parsed.error?.detail === "string" ? parsed.error.detail : "";
    detail = [code, said].filter(Boolean).join(": ").slice(0, 200);
  } catch {
    // Not Brave's JSON error body: the status says enough.
  }
  const suffix = detail ? ` (${detail})` : "";
  if (status === 429)
    return new WebSearchError(
      `Brave Search rate limit reached (HTTP 429); try again later${suffix}`,
      true,
    );
  if (status === 401 || status === 403 || /SUBSCRIPTION_TOKEN_INVALID/.test(detail))
    return new WebSearchError(`Brave Search refused the API key (HTTP ${status})${suffix}`, false);
  if (status >= 500)
    return new WebSearchError(
      `Brave Search is unavailable (HTTP ${status}); try again later${suffix}`,
      true,
    );
  return new WebSearchError(`Brave Search answered HTTP ${status}${suffix}`, false);
}

/**
 * Runs one Brave web search. The request goes through the same guard as `web_fetch` (resolved,
 * checked, pinned address; no redirects, so the token never reaches another host; size and time
 * capped); only the configured endpoint's own IP literal may be private (a trusted proxy, as OpenClaw).
 */
export async function braveSearch(
  to: BraveEndpoint,
  query: WebSearchQuery,
  signal: AbortSignal,
): Promise<WebSearchHit[]> {
  const url = new URL(to.endpoint);
  url.search = braveParams(query).toString();
  const trusted = url.hostname.replace(/^\[|\]$/g, "");
  const redact = (message: string) => message.split(to.apiKey).join("[redacted]");
  try {
    const page = await safeFetch(url.toString(), {
      maxBytes: BraveLimits.maxBytes,
      timeoutMs: to.timeoutMs,
      maxRedirects: 0,
      signal,
      headers: {
        accept: "application/json",
        "user-agent": "clawfleet-web-search/1",
        "x-subscription-token": to.apiKey,
      },
      blockedReason: (address) =>
        isIP(trusted) && address === trusted ? undefined : blockedAddressReason(address),
    });
    const body = page.body.toString("utf8");
    if (page.status !== 200) throw statusError(page.status, redact(body));
    if (page.truncated)
      throw new WebSearchError(
        `Brave Search answer larger than ${BraveLimits.maxBytes} bytes`,
        false,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new WebSearchError("Brave Search answered something that is not JSON", true);
    }
    return braveHits(parsed, query.count);
  } catch (error) {
    if (error instanceof WebSearchError) throw error;
    if (signal.aborted) throw error;
    const e = error as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError")
      throw new WebSearchError(`Brave Search did not answer within ${to.timeoutMs / 1000} s`, true);
    if (error instanceof FetchRefusedError && /redirect/.test(e.message))
      throw new WebSearchError(
        "Brave Search answered with a redirect, which is not followed",
        false,
      );
    throw new WebSearchError(
      `Brave Search could not be reached: ${redact(e.message)}`,
      true,
      error,
    );
  }
}
