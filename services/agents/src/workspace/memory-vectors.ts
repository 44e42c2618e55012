import { createHash } from "node:crypto";
import { Buckets, TypedBucket, type Bus } from "@clawfleet/bus";
import * as z from "zod";
import type { Embedder } from "../domain/memory/openai-embeddings.js";

/** What KV `memory-vectors/<agentId>.<hash>` holds: one chunk's embedding as little-endian float32, base64. */
const memoryVectorSchema = z.object({
  model: z.string(),
  path: z.string(),
  dims: z.number().int().positive(),
  vector: z.string(),
  embeddedAtMs: z.number().int().nonnegative(),
});

/** One text to embed and the file it came from. */
export interface ChunkText {
  path: string;
  text: string;
}

function encode(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

function decode(base64: string): number[] {
  const bytes = Buffer.from(base64, "base64");
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

/**
 * Embeddings of memory chunks on the bus, keyed by agent and a hash of the model and the chunk's
 * text: a chunk whose text did not change is never embedded again (by any worker), and a changed
 * model embeds everything anew.
 */
export class MemoryVectors {
  private constructor(private readonly bucket: TypedBucket<typeof memoryVectorSchema>) {}

  /** Opens KV `memory-vectors`. */
  static async open(bus: Bus): Promise<MemoryVectors> {
    return new MemoryVectors(
      await TypedBucket.open(bus, Buckets.MemoryVectors, memoryVectorSchema),
    );
  }

  /** The key of one chunk's vector. */
  static keyOf(agentId: string, model: string, text: string): string {
    return `${agentId}.${createHash("sha256").update(`${model}\n${text}`).digest("hex").slice(0, 48)}`;
  }

  /**
   * Vectors for `chunks` in order: stored ones are read, the others embedded in one go and stored.
   * Answers how many had to be embedded.
   */
  async vectorsFor(
    agentId: string,
    model: string,
    chunks: readonly ChunkText[],
    embed: Embedder,
    signal?: AbortSignal,
  ): Promise<{ vectors: number[][]; embedded: number }> {
    const keys = chunks.map((c) => MemoryVectors.keyOf(agentId, model, c.text));
    const stored = await Promise.all(
      keys.map((key) => this.bucket.get(key).catch(() => undefined)),
    );
    const vectors: (number[] | undefined)[] = stored.map((entry) =>
      entry && entry.value.model === model ? decode(entry.value.vector) : undefined,
    );
    const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
    if (missing.length > 0) {
      const fresh = await embed(
        missing.map((i) => chunks[i]!.text),
        signal,
      );
      await Promise.all(
        missing.map(async (chunkIndex, j) => {
          const vector = fresh[j]!;
          vectors[chunkIndex] = vector;
          await this.bucket.put(keys[chunkIndex]!, {
            model,
            path: chunks[chunkIndex]!.path,
            dims: vector.length,
            vector: encode(vector),
            embeddedAtMs: Date.now(),
          });
        }),
      );
    }
    return { vectors: vectors as number[][], embedded: missing.length };
  }
}
