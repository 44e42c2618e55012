import type { IncomingMessage, ServerResponse } from "node:http";

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Thrown when a body does not parse as its content type says. */
export class BodyParseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BodyParseError";
  }
}

/**
 * Parses a JSON, url-encoded or multipart body into a plain object (multipart files become
 * `{filename, size, type}`); repeated form keys become arrays.
 */
export async function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): Promise<Record<string, unknown>> {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (raw.length === 0) return {};
  if (type.includes("application/json")) {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString("utf8"));
    } catch (error) {
      throw new BodyParseError("body is not valid JSON", { cause: error });
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new BodyParseError("JSON body is not an object");
    return value as Record<string, unknown>;
  }
  if (type.includes("application/x-www-form-urlencoded"))
    return formToObject(new URLSearchParams(raw.toString("utf8")));
  if (type.includes("multipart/form-data")) {
    // undici's Request parses multipart for us; the URL is never fetched.
    const request = new Request("http://fake.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(raw),
    });
    let form: FormData;
    try {
      form = await request.formData();
    } catch (error) {
      throw new BodyParseError("multipart body does not parse", { cause: error });
    }
    return formToObject(form);
  }
  throw new BodyParseError(`unsupported content-type "${type}"`);
}

function formToObject(form: URLSearchParams | FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = (
    entry: string | { name?: string; size: number; type: string },
    key: string,
  ): void => {
    const value =
      typeof entry === "string"
        ? entry
        : { filename: entry.name, size: entry.size, type: entry.type };
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else
      out[key] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
  };
  if (form instanceof URLSearchParams) form.forEach(add);
  else form.forEach(add);
  return out;
}

/** Lower-cased request headers as single strings (secrets included: fakes record what they got). */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
