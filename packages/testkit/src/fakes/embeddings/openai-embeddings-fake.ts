import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { FaultQueue, type CommonFault } from "../shared/fault-queue.js";
import { RecordLog } from "../shared/record-log.js";
import { abortableSleep } from "../shared/abortable-sleep.js";
import { readBody, sendJson } from "../shared/request-body.js";

/** An embeddings request the fake answered. */
export interface EmbeddingsRequestRecord {
  model: string;
  inputs: string[];
  /** The bearer token as sent, or null. */
  token: string | null;
  status: number;
}

/** A fault the next request gets: an HTTP status with OpenAI's error body, or a common one. */
export type EmbeddingsFault = CommonFault | { readonly kind: "status"; readonly status: number };

/** Words that mean the same to the fake, so a paraphrase lands near its original. */
export const DEFAULT_CONCEPTS: readonly (readonly string[])[] = [
  ["car", "automobile", "vehicle", "drives", "drive", "driving"],
  ["red", "crimson", "scarlet", "colour", "color"],
  ["dog", "puppy", "hound", "pet"],
  ["birthday", "born", "anniversary"],
  ["doctor", "physician", "dentist", "appointment"],
];

/** Words too common to carry meaning: the fake leaves them out, as a real model mostly ignores them. */
const STOPWORDS = new Set(
  "the an to of on in at is are was be my your his her its our their and or for with what how which who when where does do did have has this that it".split(
    " ",
  ),
);

function openAiError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { error: { message, type: "invalid_request_error", param: null, code } });
}

/**
 * OpenAI's `POST /v1/embeddings` for tests, deterministic: a text's vector is its bag of words
 * (lower-cased, words of two letters or more but common stopwords, each word replaced by its concept from
 * {@link DEFAULT_CONCEPTS} or the given ones) hashed into `dimensions` buckets and normalised, so
 * texts sharing words or concepts are close and others are nearly orthogonal. Speaks the wire
 * format (`{model, input: string | string[]}` → `{object: "list", data: [{object: "embedding",
 * index, embedding}], model, usage}`), checks the bearer key (401 otherwise), and takes faults.
 */
export class OpenAiEmbeddingsFake {
  readonly apiKey = `sk-emb-${randomBytes(12).toString("hex")}`;
  readonly requests = new RecordLog<EmbeddingsRequestRecord>("embeddings requests");
  readonly faults = new FaultQueue<EmbeddingsFault>();
  readonly #concepts = new Map<string, string>();
  readonly #server = new FakeHttpServer((req, res) => this.#handle(req, res));

  constructor(
    options: { concepts?: readonly (readonly string[])[]; readonly dimensions?: number } = {},
  ) {
    for (const group of options.concepts ?? DEFAULT_CONCEPTS)
      for (const word of group) this.#concepts.set(word, group[0]!);
    this.dimensions = options.dimensions ?? 256;
  }

  /** Length of every vector. */
  readonly dimensions: number;

  /** Starts listening; resolves with the base URL ending in `/v1` (OPENAI_BASE_URL). */
  async start(): Promise<string> {
    return `${await this.#server.start()}/v1`;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    await this.#server.stop();
  }

  /** The vector the fake gives `text` (what a test compares against). */
  embed(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (word.length < 2 || STOPWORDS.has(word)) continue;
      const concept = this.#concepts.get(word) ?? word;
      const bucket =
        createHash("sha256").update(concept).digest().readUInt32BE(0) % this.dimensions;
      vector[bucket]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((v) => v / norm);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
    const raw = (await readBody(req)).toString("utf8");
    let body: { model?: unknown; input?: unknown } = {};
    try {
      body = JSON.parse(raw || "{}") as typeof body;
    } catch {
      // answered below as a bad request
    }
    const inputs = typeof body.input === "string" ? [body.input] : body.input;
    const model = typeof body.model === "string" ? body.model : "";
    const record = (status: number) =>
      this.requests.push({
        model,
        inputs: Array.isArray(inputs) ? inputs.map(String) : [],
        token,
        status,
      });
    if (req.method !== "POST" || !req.url?.startsWith("/v1/embeddings")) {
      record(404);
      return openAiError(res, 404, `Unknown request URL: ${req.method} ${req.url}`, "unknown_url");
    }
    if (token !== this.apiKey) {
      record(401);
      // OpenAI names the key it refused, partly masked.
      const shown = token ? `${token.slice(0, 7)}*****${token.slice(-4)}` : "(none)";
      return openAiError(res, 401, `Incorrect API key provided: ${shown}.`, "invalid_api_key");
    }
    const fault = this.faults.take("embeddings");
    if (fault?.kind === "drop") {
      record(0);
      res.destroy();
      return;
    }
    if (fault?.kind === "delay") await abortableSleep(fault.ms, this.#server.signal);
    if (fault?.kind === "status") {
      record(fault.status);
      return openAiError(res, fault.status, `fake fault ${fault.status}`, "fake_fault");
    }
    if (!model || !Array.isArray(inputs) || inputs.length === 0 || inputs.length > 2048) {
      record(400);
      return openAiError(res, 400, "'input' and 'model' are required", "invalid_request");
    }
    record(200);
    const texts = inputs.map(String);
    sendJson(res, 200, {
      object: "list",
      data: texts.map((text, index) => ({
        object: "embedding",
        index,
        embedding: this.embed(text),
      })),
      model,
      usage: {
        prompt_tokens: texts.join(" ").length >> 2,
        total_tokens: texts.join(" ").length >> 2,
      },
    });
  }
}
