import type { IncomingMessage, ServerResponse } from "node:http";

/** A request body larger than the route accepts. */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/**
 * Reads a request body as UTF-8 text, refusing more than `maxBytes` (declared or, for a chunked
 * body, counted as it arrives). On refusal it stops reading, so the caller can still answer 413;
 * {@link sendJson} then closes the connection instead of draining the rest.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return tooLarge();
      chunks.push(chunk);
    };
    const tooLarge = () => {
      req.pause();
      req.removeListener("data", onData);
      reject(new BodyTooLargeError(`body larger than ${maxBytes} bytes`));
    };
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
    req.on("data", onData);
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
  // A body left unread (refused as too large) must not be drained: answer, then close.
  const unread = !res.req.complete;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...(unread ? { connection: "close" } : {}),
    ...headers,
  });
  res.end(JSON.stringify(body), () => {
    // Closing at once would reset the connection and could drop the answer at the client while
    // it is still sending: give the answer a second, reading nothing more meanwhile.
    if (unread) setTimeout(() => res.req.socket.destroy(), 1000).unref();
  });
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
