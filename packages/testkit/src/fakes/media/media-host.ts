import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { MEDIA_HOST_CERT, MEDIA_HOST_KEY } from "./media-host-tls.js";

/** One file the media host serves. */
export interface HostedFile {
  body: Uint8Array;
  contentType: string;
  status?: number;
}

/**
 * A public web host for a reply's `MEDIA:https://media.test/…` links: an https server on 127.0.0.1
 * (certificate for `media.test`, {@link MEDIA_HOST_CERT}) that serves the files a test puts and counts
 * the requests per path. A fetch under test resolves `media.test` to {@link port}'s address and trusts
 * the certificate; unknown paths answer 404.
 */
export class MediaHostFake {
  readonly #server: Server;
  readonly #files = new Map<string, HostedFile>();
  readonly #sockets = new Set<Socket>();
  /** Requests per path, in arrival order. */
  readonly requests: string[] = [];
  #port = 0;

  /** The host name links use. */
  readonly hostname = "media.test";
  /** The CA a fetch must trust to reach this host. */
  readonly ca = MEDIA_HOST_CERT;

  constructor() {
    this.#server = createServer({ cert: MEDIA_HOST_CERT, key: MEDIA_HOST_KEY }, (req, res) => {
      const path = new URL(req.url ?? "/", "https://media.test").pathname;
      this.requests.push(path);
      const file = this.#files.get(path);
      if (!file) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res
        .writeHead(file.status ?? 200, {
          "content-type": file.contentType,
          "content-length": file.body.length,
        })
        .end(file.body);
    });
    this.#server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1 and a random port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  /** The port it listens on. */
  get port(): number {
    return this.#port;
  }

  /** The https link of a path (`/chart.png` → `https://media.test:<port>/chart.png`). */
  url(path: string): string {
    return `https://${this.hostname}:${this.#port}${path}`;
  }

  /** Serves `body` at `path` from now on. */
  put(path: string, body: Uint8Array, contentType: string, status = 200): void {
    this.#files.set(path, { body, contentType, status });
  }

  /** Stops listening and ends open connections. */
  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
