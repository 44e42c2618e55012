import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";
import { requestPath, sendJson } from "./http-io.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".map": "application/json; charset=utf-8",
};

// The page may carry `?token=` for a moment: never send it on as a referrer, never frame the UI.
// Images may be blob: URLs the page made itself (attached and downloaded chat images), as OpenClaw's UI.
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * Serves the Control UI under `basePath`: files from the build, `index.html` for every other path
 * (the app routes itself), a redirect from `/base` to `/base/`, and a clear page when it was not built.
 */
export function serveControlUi(
  req: IncomingMessage,
  res: ServerResponse,
  basePath: string,
  uiDir: string,
): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const base = basePath.endsWith("/") ? basePath : `${basePath}/`;
  const urlPath = requestPath(req);
  // `/base` → `/base/` (relative asset URLs need the slash); `/` → the UI when it lives elsewhere.
  if (base !== "/" && (urlPath === base.slice(0, -1) || urlPath === "/")) {
    const query = (req.url ?? "").slice(urlPath.length);
    res.writeHead(urlPath === "/" ? 302 : 301, { location: `${base}${query}` });
    res.end();
    return true;
  }
  if (!urlPath.startsWith(base)) return false;
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    sendJson(res, 400, { error: "bad path" });
    return true;
  }
  const root = path.resolve(uiDir);
  const candidate = path.resolve(root, relative);
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  const file =
    inside && relative !== "" && isFile(candidate) ? candidate : path.join(root, "index.html");
  if (!isFile(file)) {
    res.writeHead(503, { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS });
    res.end(
      "<!doctype html><title>clawfleet</title><h1>Control UI not built</h1><p>Run <code>npm run build</code> to build it into services/gateway/dist/ui. The WebSocket API works without it.</p>",
    );
    return true;
  }
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    ...SECURITY_HEADERS,
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}
