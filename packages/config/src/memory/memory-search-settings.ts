import type { ClawEnv } from "../env/claw-env.js";
import type { OpenClawConfig } from "../schema/openclaw-config.js";

/** The embedding model used when `memory.search.model` is unset. */
export const DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small";
const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** An OpenAI-format `/embeddings` endpoint `memory_search` can call. */
export interface EmbeddingSettings {
  provider: "openai" | "openai-compatible";
  model: string;
  /** API base without the trailing slash; requests go to `<baseUrl>/embeddings`. */
  baseUrl: string;
  apiKey: string;
}

/**
 * How `memory_search` ranks: `off` (no tool), `keyword` (with the reason semantic search is not
 * used), or `semantic` with the endpoint to embed with.
 */
export type MemorySearchMode =
  | { kind: "off" }
  | { kind: "keyword"; reason: string }
  | { kind: "semantic"; settings: EmbeddingSettings };

/**
 * Resolves `memory.search` (or the legacy `agents.defaults.memorySearch`) as OpenClaw names it: a
 * provider of `openai` (key: `remote.apiKey`, `OPENAI_API_KEY`, `models.providers.openai.apiKey`;
 * base: `remote.baseUrl`, `OPENAI_BASE_URL`, api.openai.com) or `openai-compatible` (needs
 * `remote.baseUrl`) embeds; unset, `auto` or `none` searches by keywords.
 */
export function memorySearchMode(config: OpenClawConfig, env: ClawEnv): MemorySearchMode {
  const search = config.memory.search ?? config.agents.defaults.memorySearch;
  if (!search) return { kind: "keyword", reason: "no embeddings provider is configured" };
  if (!search.enabled) return { kind: "off" };
  const provider = search.provider;
  if (!provider || provider === "auto" || provider === "none")
    return { kind: "keyword", reason: "no embeddings provider is configured" };
  if (provider !== "openai" && provider !== "openai-compatible")
    return {
      kind: "keyword",
      reason: `memory.search.provider "${provider}" is not supported by clawfleet (only "openai" and "openai-compatible")`,
    };
  const remote = search.remote ?? {};
  const openai = config.models.providers["openai"];
  const baseUrl =
    provider === "openai"
      ? (remote.baseUrl ?? env.OPENAI_BASE_URL ?? openai?.baseUrl ?? OPENAI_BASE_URL)
      : remote.baseUrl;
  if (!baseUrl)
    return {
      kind: "keyword",
      reason: 'memory.search.provider "openai-compatible" needs remote.baseUrl',
    };
  const apiKey =
    remote.apiKey ?? (provider === "openai" ? (env.OPENAI_API_KEY ?? openai?.apiKey) : undefined);
  if (!apiKey)
    return {
      kind: "keyword",
      reason: `memory.search needs an API key: set OPENAI_API_KEY or memory.search.remote.apiKey`,
    };
  return {
    kind: "semantic",
    settings: {
      provider,
      model: search.model ?? DEFAULT_EMBEDDING_MODEL,
      baseUrl: baseUrl.replace(/\/+$/, ""),
      apiKey,
    },
  };
}
