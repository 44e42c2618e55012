import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

/**
 * Serves OpenClaw's built Control UI from a local origin and forwards WebSocket upgrades to the
 * gateway's port byte for byte, the way OpenClaw's own gateway serves its UI from its origin.
 */
export async function serveControlUi(
  dir: string,
  gatewayPort: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      // OpenClaw's gateway serves the UI's bootstrap config; the UI's defaults (same origin) suffice.
      if (path.endsWith("/control-ui-config.json"))
        return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
      // Like OpenClaw's gateway: assets load from any route (a reload on /chat/… too) and every
      // route without a file extension is the UI's index.html with root-relative asset links.
      if (!extname(path) || path.endsWith("/index.html")) {
        const html = await readFile(join(dir, "index.html"), "utf8");
        res.writeHead(200, { "content-type": TYPES[".html"] });
        return void res.end(html.replaceAll('="./', '="/'));
      }
      const body = await readFromAnyRoute(dir, path);
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    })();
  });
  server.on("upgrade", (req, socket, head) => {
    const upstream = connect(gatewayPort, "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A UI file by its path, or by the path's tail when a page under a route asked for it relatively. */
async function readFromAnyRoute(dir: string, path: string): Promise<Buffer | undefined> {
  const parts = path.split("/").filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const body = await readFile(join(dir, ...parts.slice(i))).catch(() => undefined);
    if (body) return body;
  }
  return undefined;
}
