import type { IncomingMessage, ServerResponse } from "node:http";
import { abortableSleep } from "../shared/abortable-sleep.js";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { RecordLog } from "../shared/record-log.js";
import { headerRecord, readBody, sendJson } from "../shared/request-body.js";
import type { LlmBehaviour, LlmBlock, LlmUsage } from "./llm-behaviour.js";
import { isWireError } from "./llm-dialect.js";
import { describeImages } from "./llm-images.js";
import type { LlmDialect, ParsedRequest, ResolvedReply, WireError } from "./llm-dialect.js";
import type { LlmRequestRecord } from "./llm-request.js";
import { estimateTokens } from "./llm-request.js";
import { LlmScript } from "./llm-script.js";

/** Options shared by the LLM fakes. */
export interface LlmFakeOptions {
  /** Waited before every answer (benchmarks use 1 000 ms per turn). */
  latencyMs?: number;
  /** Waited between SSE frames. */
  chunkDelayMs?: number;
  /** Accepted API keys; any non-empty key when omitted. */
  apiKeys?: readonly string[];
  /** Known model ids; any model when omitted, else others get the provider's 404. */
  models?: readonly string[];
  /** Retry-after (seconds) of scripted rate-limit errors that do not say. */
  defaultRetryAfterSeconds?: number;
  /** Keep every request in `requests` (default); benchmarks turn it off so thousands of turns hold no memory. */
  recordRequests?: boolean;
}

/** Defaults of `LlmFakeOptions`. */
export const DefaultLlmFakeOptions: Required<
  Pick<LlmFakeOptions, "latencyMs" | "chunkDelayMs" | "defaultRetryAfterSeconds" | "recordRequests">
> = {
  latencyMs: 0,
  chunkDelayMs: 0,
  defaultRetryAfterSeconds: 1,
  recordRequests: true,
};

/** A `describeImages` behaviour made into the text reply it stands for; others as they are. */
function seenOrScripted(
  behaviour: LlmBehaviour,
  request: ParsedRequest,
): Exclude<LlmBehaviour, { kind: "describeImages" }> {
  if (behaviour.kind !== "describeImages") return behaviour;
  return {
    kind: "reply",
    blocks: [{ type: "text", text: describeImages(request.images) }],
    ...(behaviour.delayMs === undefined ? {} : { delayMs: behaviour.delayMs }),
  };
}

/** A tool id generator the dialect supplies (`toolu_…`, `call_…`). */
export type ToolIdFactory = () => string;

/**
 * The HTTP side shared by the LLM fakes: auth, validation, recording, the script, delays,
 * JSON or SSE answers and faults; a dialect supplies the provider's wire format.
 */
export class LlmFake {
  /** Scripted behaviours; echo by default. */
  readonly script = new LlmScript();
  /** Every valid request, oldest first. */
  readonly requests: RecordLog<LlmRequestRecord>;
  readonly #dialect: LlmDialect;
  readonly #options: LlmFakeOptions & typeof DefaultLlmFakeOptions;
  readonly #toolId: ToolIdFactory;
  readonly #server = new FakeHttpServer((req, res) => this.#handle(req, res));

  constructor(dialect: LlmDialect, toolId: ToolIdFactory, options: LlmFakeOptions = {}) {
    this.#dialect = dialect;
    this.#toolId = toolId;
    this.#options = { ...DefaultLlmFakeOptions, ...options };
    this.requests = new RecordLog(`${dialect.provider} requests`);
  }

  /** Starts listening; resolves with the SDK baseURL. */
  async start(): Promise<string> {
    await this.#server.start();
    return this.baseURL;
  }

  /** Stops listening and cuts open streams. */
  stop(): Promise<void> {
    return this.#server.stop();
  }

  /** The value for the SDK's `baseURL` (and the provider's `*_BASE_URL` variable). */
  get baseURL(): string {
    return this.#server.url + this.#dialect.sdkBasePath;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://fake.invalid").pathname;
    if (req.method !== "POST" || path !== this.#dialect.path)
      return this.#fail(res, this.#dialect.notFound(req.method ?? "GET", path));
    const headers = headerRecord(req);
    const apiKey = this.#dialect.authenticate(headers);
    if (isWireError(apiKey)) return this.#fail(res, apiKey);
    if (this.#options.apiKeys && !this.#options.apiKeys.includes(apiKey))
      return this.#fail(res, this.#dialect.error("authentication", undefined, 0));
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return this.#fail(
        res,
        this.#dialect.error(
          "invalid_request",
          "There was an error parsing the body of your request as JSON.",
          0,
        ),
      );
    }
    if (body === null || typeof body !== "object" || Array.isArray(body))
      return this.#fail(
        res,
        this.#dialect.error("invalid_request", "The request body is not a JSON object.", 0),
      );
    const parsed = this.#dialect.parse(body as Record<string, unknown>, headers);
    if (isWireError(parsed)) return this.#fail(res, parsed);
    if (this.#options.models && !this.#options.models.includes(parsed.model))
      return this.#fail(res, this.#dialect.unknownModel(parsed.model));
    const record: LlmRequestRecord = { ...parsed, headers, apiKey, at: Date.now() };
    if (this.#options.recordRequests) this.requests.push(record);
    await this.#perform(seenOrScripted(this.script.next(record), parsed), parsed, req, res);
  }

  async #perform(
    behaviour: Exclude<LlmBehaviour, { kind: "describeImages" }>,
    request: ParsedRequest,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    await abortableSleep(this.#options.latencyMs + (behaviour.delayMs ?? 0), this.#server.signal);
    switch (behaviour.kind) {
      case "error":
        return this.#fail(
          res,
          this.#dialect.error(
            behaviour.error,
            behaviour.message,
            behaviour.retryAfterSeconds ?? this.#options.defaultRetryAfterSeconds,
          ),
        );
      case "reply": {
        const reply = this.#resolve(
          behaviour.blocks,
          request,
          behaviour.stopReason,
          behaviour.usage,
        );
        if (!request.stream)
          return sendJson(res, 200, this.#dialect.renderJson(reply, request), this.#idHeaders());
        const frames = this.#dialect.renderStream(reply, request);
        return this.#stream(res, [...frames.head, ...frames.tail], "end");
      }
      case "streamError": {
        const retryAfter = this.#options.defaultRetryAfterSeconds;
        if (!request.stream)
          return this.#fail(
            res,
            this.#dialect.error(behaviour.error, behaviour.message, retryAfter),
          );
        const { head } = this.#dialect.renderStream(
          this.#resolve(behaviour.partial, request),
          request,
        );
        return this.#stream(
          res,
          [...head, this.#dialect.renderStreamError(behaviour.error, behaviour.message)],
          "end",
        );
      }
      case "drop": {
        if (!request.stream || behaviour.partial.length === 0) {
          req.socket.destroy();
          return;
        }
        const { head } = this.#dialect.renderStream(
          this.#resolve(behaviour.partial, request),
          request,
        );
        return this.#stream(res, head, "drop");
      }
    }
  }

  #resolve(
    blocks: readonly LlmBlock[],
    request: ParsedRequest,
    stopReason?: ResolvedReply["stopReason"],
    usage?: LlmUsage,
  ): ResolvedReply {
    const resolved = blocks.map((b) =>
      b.type === "text"
        ? { ...b }
        : { type: "tool_use" as const, name: b.name, input: b.input, id: b.id ?? this.#toolId() },
    );
    return {
      blocks: resolved,
      stopReason:
        stopReason ?? (resolved.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn"),
      inputTokens: usage?.input ?? estimateTokens([request.system, request.messages]),
      outputTokens:
        usage?.output ??
        estimateTokens(
          resolved.map((b) => (b.type === "text" ? b.text : JSON.stringify(b.input))).join(""),
        ),
      cacheReadTokens: usage?.cacheRead ?? 0,
      cacheWriteTokens: usage?.cacheWrite ?? 0,
    };
  }

  async #stream(res: ServerResponse, frames: string[], ending: "end" | "drop"): Promise<void> {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      ...this.#idHeaders(),
    });
    // Without a delay between frames the whole stream goes out in one write (same bytes, one syscall).
    if (this.#options.chunkDelayMs <= 0 && ending === "end") {
      res.end(frames.join(""));
      return;
    }
    for (const frame of frames) {
      if (res.destroyed) return;
      res.write(frame);
      await abortableSleep(this.#options.chunkDelayMs, this.#server.signal);
    }
    if (ending === "drop") {
      // Let the written frames reach the client before the connection dies.
      await new Promise<void>((resolve) => res.write("", () => resolve()));
      res.socket?.destroy();
      return;
    }
    res.end();
  }

  #idHeaders(): Record<string, string> {
    return this.#dialect.provider === "anthropic"
      ? { "request-id": `req_fake_${Date.now()}` }
      : { "x-request-id": `req_fake_${Date.now()}` };
  }

  #fail(res: ServerResponse, error: WireError): void {
    sendJson(res, error.status, error.body, { ...this.#idHeaders(), ...error.headers });
  }
}
