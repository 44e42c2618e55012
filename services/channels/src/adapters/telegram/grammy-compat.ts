import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { Api, ApiClientOptions } from "grammy";

/** grammY's Node typings name the `abort-controller` polyfill's AbortSignal; any AbortSignal-like object works at runtime. */
export type GrammySignal = Parameters<Api["getMe"]>[0];

/** Node's AbortSignal as grammY's typings want it (the same object; only the declared type differs). */
export function grammySignal(signal: AbortSignal | undefined): GrammySignal {
  return signal as unknown as GrammySignal;
}

type GrammyFetch = NonNullable<ApiClientOptions["fetch"]>;
interface SignalLike {
  aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: SignalLike;
}

const agents = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

function readJson(response: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("error", reject);
    response.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(
          new Error(`HTTP ${response.statusCode}: not a Bot API answer (${text.slice(0, 80)})`),
        );
      }
    });
  });
}

/**
 * A small fetch over node:http(s) for grammY's JSON calls. grammY's Node build pairs node-fetch with
 * the `abort-controller` polyfill, and node-fetch recognises the polyfill's signal by class name —
 * which a minifying bundler (our dist bundle) renames, failing every call; Node's own fetch works
 * but costs ~16 MB of RSS. Bodies are JSON strings, or the multipart stream of a file upload
 * (sendPhoto), piped as grammY builds it.
 */
export const grammyFetch: GrammyFetch = ((url: string, init: FetchInit = {}) =>
  new Promise((resolve, reject) => {
    const upload = init.body instanceof Readable ? init.body : undefined;
    if (init.body !== undefined && typeof init.body !== "string" && !upload)
      return reject(new Error("this request body is not supported by the channels connector"));
    const target = new URL(url);
    const secure = target.protocol === "https:";
    const send = secure ? httpsRequest : httpRequest;
    const request = send(target, {
      method: init.method ?? "GET",
      headers: init.headers,
      agent: secure ? agents.https : agents.http,
    });
    const abort = () =>
      request.destroy(
        Object.assign(new Error("The operation was aborted"), { name: "AbortError" }),
      );
    if (init.signal?.aborted) return abort();
    init.signal?.addEventListener("abort", abort);
    const done = () => init.signal?.removeEventListener("abort", abort);
    request.on("error", (error) => {
      done();
      reject(error);
    });
    request.on("response", (response) => {
      const body = readJson(response);
      body.catch(() => {});
      response.on("end", done);
      resolve({
        ok: (response.statusCode ?? 0) < 400,
        status: response.statusCode ?? 0,
        json: () => body,
      });
    });
    if (upload) {
      upload.once("error", (error) => request.destroy(error));
      upload.pipe(request);
    } else request.end(init.body as string | undefined);
  })) as unknown as GrammyFetch;
