/** One part of a multipart/form-data body: a field value, or a file with its bytes. */
export type MultipartEntry = string | { name?: string; size: number; type: string; bytes: Buffer };

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** A `key=value` parameter of a Content-Disposition header, quoted or not (grammY sends `filename=a.png`). */
function dispositionParam(header: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;]*))`, "i").exec(header);
  if (!match) return undefined;
  return (match[1] ?? match[2] ?? "").trim();
}

/**
 * Parses a multipart/form-data body as servers like Telegram's do: header names in any case, no
 * space required after `:` or `;`, unquoted parameter values — grammY's uploads look like that and
 * undici's stricter parser refuses them. Throws on a body without the boundary.
 */
export function parseMultipart(raw: Buffer, contentType: string): [string, MultipartEntry][] {
  const boundary = dispositionParam(contentType.replace(/^[^;]*/, ""), "boundary");
  if (!boundary) throw new Error("multipart content-type without a boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const entries: [string, MultipartEntry][] = [];
  let start = raw.indexOf(delimiter);
  if (start < 0) throw new Error("multipart body without its boundary");
  for (;;) {
    start += delimiter.length;
    if (raw.subarray(start, start + 2).toString() === "--") return entries;
    if (raw.subarray(start, start + 2).equals(CRLF)) start += 2;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) throw new Error("multipart body ends without its closing boundary");
    const part = raw.subarray(start, next - CRLF.length);
    const headerEnd = part.indexOf(HEADER_END);
    if (headerEnd < 0) throw new Error("multipart part without headers");
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0)
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get("content-disposition") ?? "";
    const name = dispositionParam(disposition, "name");
    if (name === undefined) throw new Error("multipart part without a name");
    const body = Buffer.from(part.subarray(headerEnd + HEADER_END.length));
    const filename = dispositionParam(disposition, "filename");
    entries.push([
      name,
      filename === undefined
        ? body.toString("utf8")
        : {
            name: filename,
            size: body.length,
            type: headers.get("content-type") ?? "application/octet-stream",
            bytes: body,
          },
    ]);
    start = next;
  }
}
