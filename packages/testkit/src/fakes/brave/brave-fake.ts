import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { abortableSleep } from "../shared/abortable-sleep.js";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import { FaultQueue, type CommonFault } from "../shared/fault-queue.js";
import { RecordLog } from "../shared/record-log.js";

/** One result of Brave's `web.results[]` (the fields clawfleet reads, as Brave names them). */
export interface BraveWebResult {
  title: string;
  url: string;
  description: string;
  page_age?: string;
  profile?: { name: string };
  meta_url?: { hostname: string };
}

/** A search request the fake answered. */
export interface BraveRequestRecord {
  /** The query string's parameters (`q`, `count`, `country`, `freshness`, …). */
  params: Record<string, string>;
  /** The `X-Subscription-Token` header as sent, or null. */
  token: string | null;
  status: number;
}

/** A fault the next search gets: an HTTP status with Brave's error body, or a common one. */
export type BraveFault = CommonFault | { readonly kind: "status"; readonly status: number };

const ERROR_CODES: Record<number, string> = {
  401: "SUBSCRIPTION_TOKEN_INVALID",
  422: "VALIDATION",
  429: "RATE_LIMITED",
  500: "INTERNAL_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res
    .writeHead(status, { "content-type": "application/json", ...headers })
    .end(JSON.stringify(body));
}

function braveError(
  res: ServerResponse,
  status: number,
  detail: string,
  code = ERROR_CODES[status] ?? "ERROR",
): void {
  const headers =
    status === 429
      ? {
          "x-ratelimit-limit": "1, 2000",
          "x-ratelimit-remaining": "0, 1999",
          "x-ratelimit-reset": "1, 2592000",
        }
      : {};
  json(
    res,
    status,
    {
      type: "ErrorResponse",
      error: { id: randomBytes(8).toString("hex"), status, code, detail, meta: {} },
      time: Date.now(),
    },
    headers,
  );
}

/**
 * The Brave Search API's web search for tests: `GET /res/v1/web/search?q=…&count=…` with the
 * `X-Subscription-Token` header (a wrong or missing token gets Brave's 422
 * SUBSCRIPTION_TOKEN_INVALID), answering `{type:"search", query, web:{results:[…]}}`. Results are
 * the ones set for the query with {@link BraveFake.setResults}, else `count` generated ones;
 * faults (429, 5xx, delay, drop) are armed with {@link BraveFake.faults}.
 */
export class BraveFake {
  readonly apiKey = `BSA${randomBytes(12).toString("hex")}`;
  readonly requests = new RecordLog<BraveRequestRecord>("brave requests");
  readonly faults = new FaultQueue<BraveFault>();
  readonly #results = new Map<string, BraveWebResult[]>();
  readonly #server = new FakeHttpServer((req, res) => this.#handle(req, res));

  /** Starts listening; resolves with the base URL (`plugins.entries.brave.config.webSearch.baseUrl`). */
  async start(): Promise<string> {
    return this.#server.start();
  }

  /** The base URL; throws before `start()`. */
  get baseUrl(): string {
    return this.#server.url;
  }

  /** Stops listening and ends held requests. */
  async stop(): Promise<void> {
    await this.#server.stop();
  }

  /** The results a query (exact `q`) gets from now on. */
  setResults(query: string, results: BraveWebResult[]): void {
    this.#results.set(query, results);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://brave.fake");
    const params = Object.fromEntries(url.searchParams);
    const header = req.headers["x-subscription-token"];
    const token = typeof header === "string" ? header : null;
    const record = (status: number) => this.requests.push({ params, token, status });
    if (req.method !== "GET" || url.pathname !== "/res/v1/web/search") {
      record(404);
      return braveError(res, 404, "Resource not found.");
    }
    if (token !== this.apiKey) {
      record(422);
      return braveError(
        res,
        422,
        "The provided subscription token is invalid.",
        "SUBSCRIPTION_TOKEN_INVALID",
      );
    }
    const fault = this.faults.take("search");
    if (fault?.kind === "drop") {
      record(0);
      res.destroy();
      return;
    }
    if (fault?.kind === "delay") await abortableSleep(fault.ms, this.#server.signal);
    if (fault?.kind === "status") {
      record(fault.status);
      return braveError(res, fault.status, `fake fault ${fault.status}`);
    }
    const q = params["q"] ?? "";
    const count = Number(params["count"] ?? "20");
    if (!q || !Number.isInteger(count) || count < 1 || count > 20) {
      record(422);
      return braveError(res, 422, "Unable to validate request parameter(s).");
    }
    const results = (this.#results.get(q) ?? generated(q, count)).slice(0, count);
    record(200);
    json(res, 200, {
      type: "search",
      query: { original: q, more_results_available: false },
      mixed: {
        type: "mixed",
        main: results.map((_, index) => ({ type: "web", index, all: false })),
      },
      web: {
        type: "search",
        family_friendly: true,
        results: results.map((r) => ({
          type: "search_result",
          is_source_local: false,
          is_source_both: false,
          family_friendly: true,
          ...r,
        })),
      },
    });
  }
}

function generated(q: string, count: number): BraveWebResult[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `${q} — result ${i + 1}`,
    url: `https://example.com/search/${encodeURIComponent(q)}/${i + 1}`,
    description: `About <strong>${q}</strong>, result ${i + 1}.`,
    meta_url: { hostname: "example.com" },
  }));
}
