import type { IncomingMessage, ServerResponse } from "node:http";

/** A request body larger than the route accepts. */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Reads a request body as UTF-8 text, refusing more than `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes)
      return reject(new BodyTooLargeError(`body larger than ${maxBytes} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError(`body larger than ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Writes a JSON answer (no caching). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** The path of a request URL without its query (never log the query: it may hold `?token=`). */
export function requestPath(req: IncomingMessage): string {
  return (req.url ?? "/").split("?")[0] || "/";
}

/** Node's header object flattened to single strings (lists joined by `, `). */
export function flatHeaders(
  req: IncomingMessage,
  drop: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || drop.includes(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
