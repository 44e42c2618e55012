import type { IncomingMessage, ServerResponse } from "node:http";
import { parseMultipart, type MultipartEntry } from "./multipart.js";

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
    const contentType = String(req.headers["content-type"]);
    // undici's Request parses standard multipart for us (the URL is never fetched); grammY's looser
    // form (no spaces, unquoted file names), which Telegram accepts, goes through our own parser.
    const request = new Request("http://fake.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(raw),
    });
    try {
      return formToObject(await withFileBytes(await request.formData()));
    } catch {
      try {
        return formToObject(parseMultipart(raw, contentType));
      } catch (error) {
        throw new BodyParseError("multipart body does not parse", { cause: error });
      }
    }
  }
  throw new BodyParseError(`unsupported content-type "${type}"`);
}

/** A file part of a multipart body as the fakes record it: its name, size, type and bytes. */
export interface UploadedFile {
  filename?: string;
  size: number;
  type: string;
  bytes: Buffer;
}

type FormEntry = MultipartEntry;

/** The form's entries with each file part's bytes read (uploads are checked byte for byte). */
async function withFileBytes(form: FormData): Promise<[string, FormEntry][]> {
  const entries: [string, FormEntry][] = [];
  const parts: [string, NonNullable<ReturnType<FormData["get"]>>][] = [];
  form.forEach((entry, key) => void parts.push([key, entry]));
  for (const [key, entry] of parts) {
    if (typeof entry === "string") entries.push([key, entry]);
    else
      entries.push([
        key,
        {
          name: entry.name,
          size: entry.size,
          type: entry.type,
          bytes: Buffer.from(await entry.arrayBuffer()),
        },
      ]);
  }
  return entries;
}

function formToObject(form: URLSearchParams | [string, FormEntry][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = (entry: FormEntry, key: string): void => {
    const value =
      typeof entry === "string"
        ? entry
        : {
            filename: entry.name,
            size: entry.size,
            type: entry.type,
            bytes: entry.bytes,
          };
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else
      out[key] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
  };
  if (form instanceof URLSearchParams) form.forEach(add);
  else for (const [key, entry] of form) add(entry, key);
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
