import type { ClawEnv } from "../env/claw-env.js";
import { BRAVE_DEFAULT_BASE_URL } from "../schema/plugins/brave.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";
import { SUPPORTED_WEB_SEARCH_PROVIDERS } from "../schema/tools/web-search.js";

/** What `web_search` needs to call Brave. */
export interface BraveSearchSettings {
  apiKey: string;
  /** The search endpoint: the base URL with `/res/v1/web/search` appended. */
  endpoint: string;
  /** Results when the model names no count (1–10). */
  maxResults: number;
  timeoutMs: number;
  /** 0: no cache. */
  cacheTtlMs: number;
}

/** `web_search` is usable, or why it is not offered (a sentence naming what to set). */
export type WebSearchAvailability =
  { ready: true; settings: BraveSearchSettings } | { ready: false; reason: string };

/** The hint every "not offered" reason ends with. */
export const ENABLE_WEB_SEARCH_HINT =
  "set BRAVE_API_KEY (or plugins.entries.brave.config.webSearch.apiKey) to enable it";

/**
 * Decides whether `web_search` is offered, as OpenClaw resolves it: `tools.web.search.enabled`,
 * the provider (Brave, the only one clawfleet runs), and the key — config
 * (`plugins.entries.brave.config.webSearch.apiKey`, then the legacy `tools.web.search.apiKey`)
 * before `BRAVE_API_KEY`.
 */
export function webSearchAvailability(config: OpenClawConfig, env: ClawEnv): WebSearchAvailability {
  const search = config.tools.web.search;
  if (!search.enabled) return { ready: false, reason: "tools.web.search.enabled is false" };
  const provider = search.provider ?? "brave";
  if (!SUPPORTED_WEB_SEARCH_PROVIDERS.includes(provider))
    return {
      ready: false,
      reason: `tools.web.search.provider "${provider}" is not supported by clawfleet (only "brave")`,
    };
  const brave = config.plugins.entries.brave;
  if (brave?.enabled === false)
    return { ready: false, reason: "plugins.entries.brave.enabled is false" };
  const web = brave?.config.webSearch;
  if (web?.mode === "llm-context")
    return {
      ready: false,
      reason:
        'plugins.entries.brave.config.webSearch.mode "llm-context" is not supported by clawfleet (only "web")',
    };
  const apiKey = web?.apiKey ?? search.apiKey ?? env.BRAVE_API_KEY;
  if (!apiKey)
    return { ready: false, reason: `no Brave Search API key: ${ENABLE_WEB_SEARCH_HINT}` };
  const base = (web?.baseUrl ?? BRAVE_DEFAULT_BASE_URL).replace(/\/+$/, "");
  return {
    ready: true,
    settings: {
      apiKey,
      endpoint: `${base}/res/v1/web/search`,
      maxResults: search.maxResults,
      timeoutMs: search.timeoutSeconds * 1000,
      cacheTtlMs: search.cacheTtlMinutes * 60_000,
    },
  };
}
