import type { EmbeddingSettings } from "@clawfleet/config";

/** Texts per `/embeddings` request. */
const BATCH = 64;
const TIMEOUT_MS = 20_000;

/** Turns texts into vectors (one per text, in order). */
export type Embedder = (texts: readonly string[], signal?: AbortSignal) => Promise<number[][]>;

/** Why an embeddings call failed, with the HTTP status when there was one. */
export class EmbeddingsError extends Error {
  override name = "EmbeddingsError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A provider's error text with anything key-like (OpenAI quotes the refused key, partly masked) cut out. */
function withoutKeys(message: string): string {
  return message.replace(/\b(sk|key|pk)-[\w*.-]+/gi, "[key]");
}

async function embedBatch(
  settings: EmbeddingSettings,
  texts: readonly string[],
  signal: AbortSignal | undefined,
  fetchImpl: typeof fetch,
): Promise<number[][]> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const response = await fetchImpl(`${settings.baseUrl}/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${settings.apiKey}` },
    body: JSON.stringify({ model: settings.model, input: texts }),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  }).catch((error: unknown) => {
    throw new EmbeddingsError(
      timeout.aborted
        ? `the embeddings endpoint did not answer within ${TIMEOUT_MS / 1000} s`
        : `the embeddings endpoint cannot be reached (${(error as { cause?: { code?: string } }).cause?.code ?? "network error"})`,
    );
  });
  const body = (await response.json().catch(() => undefined)) as
    { data?: { index?: number; embedding?: unknown }[]; error?: { message?: string } } | undefined;
  if (!response.ok)
    throw new EmbeddingsError(
      `the embeddings endpoint answered HTTP ${response.status}${body?.error?.message ? `: ${withoutKeys(body.error.message.slice(0, 200))}` : ""}`,
      response.status,
    );
  const vectors: number[][] = [];
  for (const item of body?.data ?? []) {
    if (typeof item.index === "number" && Array.isArray(item.embedding))
      vectors[item.index] = item.embedding.map(Number);
  }
  if (vectors.length !== texts.length || vectors.some((v) => !v || v.length === 0))
    throw new EmbeddingsError(
      `the embeddings endpoint returned ${body?.data?.length ?? 0} vectors for ${texts.length} texts`,
    );
  return vectors;
}

/**
 * An {@link Embedder} over OpenAI's `POST <baseUrl>/embeddings` (`{model, input: [...]}` →
 * `data[].embedding` by `index`), in batches of 64; failures throw {@link EmbeddingsError}
 * without the key.
 */
export function openAiEmbedder(
  settings: EmbeddingSettings,
  fetchImpl: typeof fetch = fetch,
): Embedder {
  return async (texts, signal) => {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH)
      out.push(...(await embedBatch(settings, texts.slice(i, i + BATCH), signal, fetchImpl)));
    return out;
  };
}

/** Cosine similarity of two vectors (0 when either is zero or their lengths differ). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
