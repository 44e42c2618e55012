import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

const agents = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

function abortError(): Error {
  return Object.assign(new Error("The operation was aborted"), { name: "AbortError" });
}

/**
 * One HTTP request to signal-cli over node:http(s) — not Node's fetch, whose undici costs the
 * channels process several MB of RSS. Resolves with the response once its headers arrive; `signal`
 * aborting destroys the request (and a response being read).
 */
export function httpCall(
  url: URL,
  options: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const secure = url.protocol === "https:";
    const request = (secure ? httpsRequest : httpRequest)(url, {
      method: options.method,
      headers: options.headers,
      agent: secure ? agents.https : agents.http,
    });
    const abort = () => request.destroy(abortError());
    signal.addEventListener("abort", abort, { once: true });
    request.on("close", () => signal.removeEventListener("abort", abort));
    request.on("error", reject);
    request.on("response", resolve);
    request.end(options.body);
  });
}

/** Reads a whole response body as text; past `maxBytes` the response is destroyed and the read fails. */
export function readText(response: IncomingMessage, maxBytes = Infinity): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on("data", (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        reject(new ResponseTooLargeError(maxBytes));
        return void response.destroy();
      }
      chunks.push(chunk);
    });
    response.on("error", reject);
    response.on("aborted", () => reject(abortError()));
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** A response body longer than the reader allowed. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`response over ${maxBytes} bytes`);
    this.name = "ResponseTooLargeError";
  }
}
