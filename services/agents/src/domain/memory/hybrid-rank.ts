import { cosine } from "./openai-embeddings.js";

/** Weight of embedding similarity in the blend; the keyword score (scaled to 0–1) has the rest (OpenClaw: 0.7 / 0.3). */
export const VECTOR_WEIGHT = 0.7;
/** A chunk no query word is in must be at least this similar to count. */
export const MIN_SIMILARITY = 0.35;

/**
 * Blends per chunk: `0.7 × cosine(query, chunk) + 0.3 × keyword / best keyword`. A chunk with a
 * keyword match always scores; one without needs a similarity of {@link MIN_SIMILARITY}.
 */
export function hybridScores(
  queryVector: readonly number[],
  chunkVectors: readonly (readonly number[])[],
  keyword: readonly number[],
): number[] {
  const best = Math.max(0, ...keyword);
  return chunkVectors.map((vector, i) => {
    const similarity = Math.max(0, cosine(queryVector, vector));
    const words = best > 0 ? (keyword[i] ?? 0) / best : 0;
    if (words === 0 && similarity < MIN_SIMILARITY) return 0;
    return VECTOR_WEIGHT * similarity + (1 - VECTOR_WEIGHT) * words;
  });
}
