import { errorMessage } from "@clawfleet/core";
import type { EmbeddingSettings, MemorySearchMode } from "@clawfleet/config";
import { hybridScores } from "../domain/memory/hybrid-rank.js";
import {
  keywordScores,
  memoryChunks,
  topHits,
  type MemoryDocument,
  type MemoryHit,
} from "../domain/memory/memory-search.js";
import { openAiEmbedder, type Embedder } from "../domain/memory/openai-embeddings.js";
import type { MemoryVectors } from "../workspace/memory-vectors.js";

/** What semantic memory search needs: the current mode (read per call) and the vector store. */
export interface SemanticMemory {
  mode: () => MemorySearchMode;
  vectors: Pick<MemoryVectors, "vectorsFor">;
  /** The embedder for settings (default: OpenAI's /embeddings over fetch). */
  embedder?: (settings: EmbeddingSettings) => Embedder;
}

/** Ranked hits and how they were found. */
export interface MemorySearchOutcome {
  results: MemoryHit[];
  /** `hybrid`: embeddings blended with keywords; `keyword`: words only. */
  mode: "hybrid" | "keyword";
  /** Why the search fell back to keywords, when it did. */
  fallback?: string;
  /** Chunks embedded by this search (the others were stored already). */
  embedded?: number;
}

/**
 * Searches the documents: keywords only, or — with an embeddings provider configured — cosine
 * similarity of the query's and each chunk's embedding blended with the keyword score. A failing
 * provider falls back to keywords and says why.
 */
export async function searchMemoryDocuments(
  docs: readonly MemoryDocument[],
  query: string,
  maxResults: number,
  context: { agentId: string; signal: AbortSignal; semantic: SemanticMemory | undefined },
): Promise<MemorySearchOutcome> {
  const chunks = memoryChunks(docs);
  const keyword = keywordScores(chunks, query);
  const mode = context.semantic?.mode();
  if (!context.semantic || mode?.kind !== "semantic" || chunks.length === 0)
    return { results: topHits(chunks, keyword, maxResults), mode: "keyword" };
  const { settings } = mode;
  const embed = (context.semantic.embedder ?? openAiEmbedder)(settings);
  try {
    const [queryVector] = await embed([query], context.signal);
    const { vectors, embedded } = await context.semantic.vectors.vectorsFor(
      context.agentId,
      settings.model,
      chunks.map((c) => ({ path: c.path, text: c.text })),
      embed,
      context.signal,
    );
    const scores = hybridScores(queryVector!, vectors, keyword);
    return { results: topHits(chunks, scores, maxResults), mode: "hybrid", embedded };
  } catch (error) {
    if (context.signal.aborted) throw error;
    return {
      results: topHits(chunks, keyword, maxResults),
      mode: "keyword",
      fallback: `semantic search is unavailable (${errorMessage(error)}); these are keyword matches only`,
    };
  }
}
