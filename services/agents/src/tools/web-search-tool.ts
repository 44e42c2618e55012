import type { WebSearchAvailability } from "@clawfleet/config";
import {
  MAX_SEARCH_RESULTS,
  parseSearchInput,
  type WebSearchHit,
  type WebSearchQuery,
} from "../domain/web-search/web-search-query.js";
import { SearchCache } from "../domain/web-search/search-cache.js";
import { braveSearch, type BraveEndpoint } from "../adapters/brave/brave-search.js";
import { WebSearchError } from "../errors.js";
import { toolError, type AgentTool, type ToolOutput } from "./agent-tool.js";
import { wrapUntrusted } from "./untrusted-content.js";

/** Runs one search against the provider (Brave in production). */
export type SearchProvider = (
  to: BraveEndpoint,
  query: WebSearchQuery,
  signal: AbortSignal,
) => Promise<WebSearchHit[]>;

const externalContent = { untrusted: true, source: "web_search", wrapped: true, provider: "brave" };

function errorOutput(message: string): ToolOutput {
  return toolError(
    JSON.stringify({ kind: "error", provider: "brave", error: "provider_error", message }),
  );
}

/**
 * `web_search`: searches the web with Brave and returns OpenClaw's `results` shape, titles and
 * snippets wrapped as untrusted content. Offered only while {@link WebSearchAvailability} is ready
 * (a key is set, the provider is Brave, search is enabled); results are cached by query.
 */
export function webSearchTool(
  availability: () => WebSearchAvailability,
  search: SearchProvider = braveSearch,
  cache = new SearchCache<WebSearchHit[]>(),
): AgentTool {
  return {
    spec: {
      name: "web_search",
      description:
        "Search the web (Brave Search). Returns titles, URLs and snippets; use web_fetch to read a result.",
      inputSchema: {
        type: "object",
        properties: {
          query: { type: "string", description: "search query" },
          count: { type: "number", description: `results to return (1-${MAX_SEARCH_RESULTS})` },
          country: { type: "string", description: '2-letter country code, e.g. "US", "DE"' },
          language: { type: "string", description: 'ISO 639-1 language of results, e.g. "en"' },
          search_lang: { type: "string", description: "Brave search-language code" },
          ui_lang: { type: "string", description: 'UI language with region, e.g. "en-US"' },
          freshness: { type: "string", enum: ["day", "week", "month", "year"] },
          date_after: { type: "string", description: "only results published after YYYY-MM-DD" },
          date_before: { type: "string", description: "only results published before YYYY-MM-DD" },
        },
        required: ["query"],
      },
    },
    unavailableReason() {
      const state = availability();
      return state.ready ? undefined : state.reason;
    },
    async run(input, ctx) {
      const state = availability();
      if (!state.ready) return toolError(`web_search is not available: ${state.reason}`);
      const { settings } = state;
      const query = parseSearchInput(input, settings.maxResults);
      if ("error" in query) return toolError(query.error);
      const key = JSON.stringify([settings.endpoint, query]);
      const started = Date.now();
      let hits = cache.get(key, settings.cacheTtlMs);
      const cached = hits !== undefined;
      if (!hits) {
        try {
          hits = await search(settings, query, ctx.signal);
        } catch (error) {
          if (error instanceof WebSearchError) return errorOutput(error.message);
          throw error;
        }
        cache.set(key, hits, settings.cacheTtlMs);
      }
      const results = hits.map((hit) => ({
        ...hit,
        title: wrapUntrusted(hit.title),
        snippet: wrapUntrusted(hit.snippet),
        ...(hit.siteName ? { siteName: wrapUntrusted(hit.siteName) } : {}),
      }));
      return {
        content: JSON.stringify({
          kind: "results",
          provider: "brave",
          query: query.query,
          count: results.length,
          tookMs: Date.now() - started,
          results,
          externalContent,
          ...(cached ? { cached: true } : {}),
        }),
      };
    },
  };
}
