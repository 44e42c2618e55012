import * as z from "zod";

/**
 * `tools.web.search.provider`: the web-search provider ids OpenClaw declares. clawfleet runs Brave;
 * the others load (so an OpenClaw config still starts) and are reported as not supported.
 */
export const WebSearchProvider = {
  Brave: "brave",
  Codex: "codex",
  DuckDuckGo: "duckduckgo",
  Exa: "exa",
  Firecrawl: "firecrawl",
  Gemini: "gemini",
  Grok: "grok",
  Kimi: "kimi",
  MiniMax: "minimax",
  Ollama: "ollama",
  Parallel: "parallel",
  ParallelFree: "parallel-free",
  Perplexity: "perplexity",
  SearXNG: "searxng",
  Tavily: "tavily",
} as const;
/** One of {@link WebSearchProvider}. */
export type WebSearchProvider = (typeof WebSearchProvider)[keyof typeof WebSearchProvider];

/** The providers clawfleet's `web_search` can use. */
export const SUPPORTED_WEB_SEARCH_PROVIDERS: readonly WebSearchProvider[] = ["brave"];

/** `tools.web.search`: the `web_search` tool (OpenClaw's keys). */
export const WebSearchConfigSchema = z.object({
  enabled: z.boolean().default(true).describe("false hides web_search from every agent"),
  provider: z
    .enum(WebSearchProvider)
    .optional()
    .describe("omitted: Brave when a key is set (clawfleet supports brave only)"),
  apiKey: z
    .string()
    .min(1)
    .optional()
    .describe("legacy Brave key; plugins.entries.brave.config.webSearch.apiKey is canonical"),
  maxResults: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(5)
    .describe("results when the model names no count"),
  timeoutSeconds: z.number().int().min(1).max(120).default(30),
  cacheTtlMinutes: z
    .number()
    .min(0)
    .max(1440)
    .default(15)
    .describe("how long a query's results are reused; 0 disables the cache"),
});
