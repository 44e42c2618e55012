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
      if (path === "/control-ui-config.json")
        return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
      const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
      const body = await readFile(file).catch(() =>
        extname(path) ? undefined : readFile(join(dir, "index.html")),
      );
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "text/html; charset=utf-8" });
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
