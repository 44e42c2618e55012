/** One searchable file: a name and its text. */
export interface MemoryDocument {
  path: string;
  content: string;
}

/** One ranked hit: where it is and the lines around it. */
export interface MemoryHit {
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  score: number;
  snippet: string;
}

/** Lines per chunk, and lines two neighbouring chunks share so a fact on a boundary is whole in one. */
const CHUNK_LINES = 8;
const CHUNK_OVERLAP = 2;
const SNIPPET_CHARS = 700;

/** Lower-cased word tokens (letters and digits of any script), two characters or more. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 1);
}

/** A few lines of one memory file, with its word counts. */
export interface MemoryChunk {
  path: string;
  startLine: number;
  endLine: number;
  text: string;
  terms: Map<string, number>;
  length: number;
}

function chunksOf(doc: MemoryDocument): MemoryChunk[] {
  const lines = doc.content.split("\n");
  const chunks: MemoryChunk[] = [];
  for (let start = 0; start < lines.length; start += CHUNK_LINES - CHUNK_OVERLAP) {
    const slice = lines.slice(start, start + CHUNK_LINES);
    const text = slice.join("\n");
    const tokens = tokenize(text);
    if (tokens.length > 0) {
      const terms = new Map<string, number>();
      for (const token of tokens) terms.set(token, (terms.get(token) ?? 0) + 1);
      chunks.push({
        path: doc.path,
        startLine: start + 1,
        endLine: start + slice.length,
        text,
        terms,
        length: tokens.length,
      });
    }
    if (start + CHUNK_LINES >= lines.length) break;
  }
  return chunks;
}

/** The files cut into overlapping chunks of a few lines (chunks without a word are left out). */
export function memoryChunks(docs: readonly MemoryDocument[]): MemoryChunk[] {
  return docs.flatMap(chunksOf);
}

/**
 * Keyword score per chunk (BM25): every query term found adds its weight, rarer terms weigh more,
 * and a chunk holding more of the query's distinct terms scores higher; 0 when no term is found.
 */
export function keywordScores(chunks: readonly MemoryChunk[], query: string): number[] {
  const queryTerms = [...new Set(tokenize(query))];
  if (queryTerms.length === 0 || chunks.length === 0) return chunks.map(() => 0);
  const averageLength = chunks.reduce((sum, c) => sum + c.length, 0) / chunks.length;
  const k1 = 1.2;
  const b = 0.75;
  const idf = new Map(
    queryTerms.map((term) => {
      const n = chunks.filter((c) => c.terms.has(term)).length;
      return [term, Math.log(1 + (chunks.length - n + 0.5) / (n + 0.5))];
    }),
  );
  return chunks.map((chunk) => {
    let score = 0;
    let matched = 0;
    for (const term of queryTerms) {
      const tf = chunk.terms.get(term) ?? 0;
      if (tf === 0) continue;
      matched++;
      score +=
        (idf.get(term)! * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * chunk.length) / averageLength));
    }
    return matched === 0 ? 0 : score * (matched / queryTerms.length);
  });
}

/** The best chunks by `scores` (those above 0), at most `maxResults`, overlapping ones of a file kept once. */
export function topHits(
  chunks: readonly MemoryChunk[],
  scores: readonly number[],
  maxResults: number,
): MemoryHit[] {
  const hits: MemoryHit[] = [];
  chunks.forEach((chunk, i) => {
    const score = scores[i] ?? 0;
    if (score <= 0) return;
    hits.push({
      path: chunk.path,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      score: Math.round(score * 1000) / 1000,
      snippet: chunk.text.trim().slice(0, SNIPPET_CHARS),
    });
  });
  hits.sort(
    (x, y) => y.score - x.score || x.path.localeCompare(y.path) || x.startLine - y.startLine,
  );
  const kept: MemoryHit[] = [];
  for (const hit of hits) {
    const overlaps = kept.some(
      (k) => k.path === hit.path && k.startLine <= hit.endLine && hit.startLine <= k.endLine,
    );
    if (!overlaps) kept.push(hit);
    if (kept.length >= maxResults) break;
  }
  return kept;
}

/** Ranked keyword search over the files: {@link keywordScores} of their chunks, best first. */
export function searchMemory(
  docs: readonly MemoryDocument[],
  query: string,
  maxResults = 6,
): MemoryHit[] {
  const chunks = memoryChunks(docs);
  return topHits(chunks, keywordScores(chunks, query), maxResults);
}
