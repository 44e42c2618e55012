import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { FakeHttpServer } from "../shared/fake-http-server.js";
import type { FakeWaSocket } from "./whatsapp-fake-socket.js";
import type { WhatsAppFake } from "./whatsapp-fake.js";
import {
  decodeFrame,
  encodeFrame,
  type RelayClientFrame,
  type RelayServerFrame,
} from "./whatsapp-relay-wire.js";
import { errorMessage } from "@clawfleet/core";

// A channels process cannot share a WhatsAppFake object with the test, so the fake socket inside
// that process (whatsapp-relay-socket.ts) is a thin proxy driven over a WebSocket by this relay,
// which holds the real fake: what the test injects reaches whichever process holds the account,
// and a process killed with -9 drops its connection the way a dead WhatsApp Web client does.

type Keys = Record<string, Record<string, unknown>>;

/** Serves a {@link WhatsAppFake} to fake sockets running in other processes. */
export class WhatsAppRelay {
  readonly #server: FakeHttpServer;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<WebSocket>();
  #url = "";

  constructor(readonly fake: WhatsAppFake) {
    this.#server = new FakeHttpServer(
      (_req, res) => void res.writeHead(404).end(),
      (req, socket, head) => this.#upgrade(req, socket, head),
    );
  }

  /** The WebSocket URL a relay socket factory connects to. */
  get url(): string {
    return this.#url;
  }

  async start(): Promise<string> {
    this.#url = (await this.#server.start()).replace(/^http/, "ws");
    return this.#url;
  }

  async stop(): Promise<void> {
    for (const ws of this.#connections) ws.terminate();
    this.#wss.close();
    await this.#server.stop();
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#serve(ws));
  }

  #serve(ws: WebSocket): void {
    this.#connections.add(ws);
    let socket: FakeWaSocket | undefined;
    const acks = new Map<number, () => void>();
    let nextAck = 0;
    const send = (frame: RelayServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame));
    };
    ws.on("close", () => {
      this.#connections.delete(ws);
      for (const ack of acks.values()) ack();
      // The client vanished (kill -9, crash): WhatsApp sees the connection drop.
      if (socket && !socket.closed) socket.close(428, "Connection Lost");
    });
    ws.on("message", (data) => {
      const frame = decodeFrame<RelayClientFrame>(String(data));
      if (frame.t === "ack") return acks.get(frame.id)?.();
      if (frame.t === "hello") {
        const preKey = frame.preKey;
        const auth = {
          creds: frame.me ? { me: frame.me } : {},
          keys: {
            get: async (type: string) => (type === "pre-key" && preKey ? { "1": preKey } : {}),
            set: (data: Keys) =>
              new Promise<void>((resolve) => {
                const id = ++nextAck;
                acks.set(id, () => {
                  acks.delete(id);
                  resolve();
                });
                send({ t: "keys.set", id, data });
              }),
          },
        };
        socket = this.fake.socketFactory({ auth });
        this.#forward(socket, send);
        return;
      }
      void this.#call(socket, frame, send);
    });
  }

  #forward(socket: FakeWaSocket, send: (frame: RelayServerFrame) => void): void {
    for (const name of ["connection.update", "creds.update", "messages.upsert"])
      socket.ev.on(name, (payload: unknown) => {
        const update = payload as { lastDisconnect?: { error?: Error & { output?: unknown } } };
        const error = update.lastDisconnect?.error;
        const wire = error
          ? {
              ...update,
              lastDisconnect: {
                error: {
                  message: error.message,
                  statusCode: (error.output as { statusCode?: number } | undefined)?.statusCode,
                },
              },
            }
          : payload;
        send({ t: "event", name, payload: wire, user: socket.user ?? null });
      });
  }

  async #call(
    socket: FakeWaSocket | undefined,
    frame: Extract<RelayClientFrame, { t: "call" }>,
    send: (frame: RelayServerFrame) => void,
  ): Promise<void> {
    try {
      if (!socket) throw new Error("call before hello");
      const method = socket[frame.method] as (...args: unknown[]) => unknown;
      let value = await method.apply(socket, frame.args);
      // A download's stream cannot cross the wire: its bytes do.
      if (value instanceof ReadableStream)
        value = new Uint8Array(
          await new Response(value as ReadableStream<Uint8Array>).arrayBuffer(),
        );
      send({ t: "reply", id: frame.id, value });
    } catch (error) {
      const statusCode = (error as { output?: { statusCode?: number } }).output?.statusCode;
      send({
        t: "reply",
        id: frame.id,
        error: { message: errorMessage(error), ...(statusCode ? { statusCode } : {}) },
      });
    }
  }
}
