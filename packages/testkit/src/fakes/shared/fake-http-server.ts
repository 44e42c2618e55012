import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";

/** Handles one HTTP request of a fake; a thrown error becomes a 500 answer. */
export type FakeRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void> | void;

/** Handles an HTTP upgrade (WebSocket) request of a fake. */
export type FakeUpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * A plain HTTP server on 127.0.0.1 and a random port that every fake is built on: it tracks
 * its sockets so that `stop()` ends held requests (long polls, streams) at once, and exposes
 * an AbortSignal that fires on stop so pending delays end too.
 */
export class FakeHttpServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #stopping = new AbortController();
  #url: string | null = null;

  constructor(handler: FakeRequestHandler, onUpgrade?: FakeUpgradeHandler) {
    // Every held request (a slow model, a long poll) waits on this one signal: many at once is normal.
    setMaxListeners(0, this.#stopping.signal);
    this.#server = createServer((req, res) => {
      Promise.resolve()
        .then(() => handler(req, res))
        .catch((error: unknown) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(
            `fake server error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        });
    });
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    if (onUpgrade) this.#server.on("upgrade", onUpgrade);
  }

  /** The base URL (`http://127.0.0.1:<port>`); throws before `start()`. */
  get url(): string {
    if (this.#url === null) throw new Error("fake server not started");
    return this.#url;
  }

  /** Aborts when the server stops: pass it to sleeps and long waits. */
  get signal(): AbortSignal {
    return this.#stopping.signal;
  }

  /** Listens on 127.0.0.1 port 0 and resolves with the base URL. */
  async start(): Promise<string> {
    if (this.#url !== null) return this.#url;
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return this.#url;
  }

  /** Closes the listener and destroys every open socket, held requests included. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    if (this.#url === null) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#server.closeAllConnections();
    await closed;
    this.#url = null;
  }
}
