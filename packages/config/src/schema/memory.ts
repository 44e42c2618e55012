import * as z from "zod";

/** Embedding providers clawfleet runs: OpenAI, any OpenAI-compatible `/embeddings`, or none (keywords only). */
export const MEMORY_EMBEDDING_PROVIDERS = ["openai", "openai-compatible", "none", "auto"] as const;

/**
 * `memory.search` (OpenClaw's keys; legacy `agents.defaults.memorySearch` is read when it is
 * absent): with a provider set, `memory_search` ranks memory chunks by embedding similarity blended
 * with the keyword score.
 */
export const MemorySearchSchema = z.object({
  enabled: z.boolean().default(true).describe("false: no memory_search tool"),
  provider: z
    .string()
    .min(1)
    .optional()
    .describe(
      'embeddings: "openai" or "openai-compatible" (remote.baseUrl); unset, "auto" or "none": keyword search only (another OpenClaw provider loads but searches by keywords)',
    ),
  model: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("embedding model (default text-embedding-3-small)"),
  remote: z
    .object({
      baseUrl: z
        .url()
        .optional()
        .describe(
          "OpenAI-compatible API base, e.g. https://api.example.com/v1 (OPENAI_BASE_URL, then api.openai.com)",
        ),
      apiKey: z
        .string()
        .min(1)
        .optional()
        .describe(
          "key for that endpoint (OPENAI_API_KEY, then models.providers.openai.apiKey when absent)",
        ),
    })
    .optional(),
});
/** Validated `memory.search`. */
export type MemorySearchConfig = z.output<typeof MemorySearchSchema>;

/** `memory`: memory search settings shared by every agent. */
export const MemorySchema = z.object({
  search: MemorySearchSchema.optional(),
});
