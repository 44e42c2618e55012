import { EventEmitter } from "node:events";
import { WebSocket } from "ws";
import {
  closeError,
  decodeFrame,
  encodeFrame,
  type RelayMethod,
  type RelayServerFrame,
} from "./whatsapp-relay-wire.js";

// Runs inside a channels process started by a test: a fake WhatsApp Web socket whose other end is a
// WhatsAppRelay in the test process. It reads and writes the process's real auth state (the
// credentials on the bus), so a standby that takes over resumes only with what was stored.

interface RelayAuth {
  creds: Record<string, unknown> & { me?: { id: string; name?: string } };
  keys: {
    get(type: string, ids: string[]): Promise<Record<string, unknown>>;
    set(data: Record<string, Record<string, unknown>>): Promise<void>;
  };
}

/** A fake socket (the shape of `makeWASocket`'s) relayed to a {@link WhatsAppRelay}. */
export class RelayWaSocket {
  readonly ev = new EventEmitter();
  user: { id: string; name?: string } | undefined;
  readonly #ws: WebSocket;
  readonly #ready: Promise<void>;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #nextCall = 0;
  #closed = false;

  constructor(
    url: string,
    private readonly auth: RelayAuth,
  ) {
    this.#ws = new WebSocket(url);
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#ws.once("open", () => resolve());
      this.#ws.once("error", reject);
    }).then(async () => {
      const keys = await auth.keys.get("pre-key", ["1"]);
      const me = auth.creds.me;
      this.#ws.send(encodeFrame({ t: "hello", ...(me ? { me } : {}), preKey: keys["1"] }));
    });
    this.#ready.catch((error: Error) => this.#lost(error.message));
    this.#ws.on("message", (data) => void this.#receive(decodeFrame(String(data))));
    this.#ws.on("close", () => this.#lost("Connection Lost"));
  }

  sendMessage(jid: string, content: object, options: object = {}): Promise<unknown> {
    return this.#call("sendMessage", [jid, content, options]);
  }

  async sendPresenceUpdate(type: string, jid?: string): Promise<void> {
    await this.#call("sendPresenceUpdate", [type, jid]);
  }

  async readMessages(keys: unknown[]): Promise<void> {
    await this.#call("readMessages", [keys]);
  }

  /** A media message's bytes: read whole by the relay (the cap is the reader's), then streamed here. */
  async downloadMedia(message: object, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const bytes = (await this.#call("downloadMedia", [message])) as Uint8Array;
    signal?.throwIfAborted();
    return new Blob([new Uint8Array(bytes)]).stream();
  }

  async logout(): Promise<void> {
    await this.#call("logout", []);
  }

  end(error: Error | undefined): void {
    this.#call("end", [error ? { message: error.message } : null]).catch(() => {});
  }

  async #call(method: RelayMethod, args: unknown[]): Promise<unknown> {
    await this.#ready;
    if (this.#closed) throw closeError(428, "Connection Closed");
    const id = ++this.#nextCall;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(encodeFrame({ t: "call", id, method, args }));
    });
  }

  async #receive(frame: RelayServerFrame): Promise<void> {
    if (frame.t === "reply") {
      const call = this.#pending.get(frame.id);
      this.#pending.delete(frame.id);
      if (frame.error) call?.reject(closeError(frame.error.statusCode ?? 500, frame.error.message));
      else call?.resolve(frame.value);
      return;
    }
    if (frame.t === "keys.set") {
      await this.auth.keys.set(frame.data);
      this.#ws.send(encodeFrame({ t: "ack", id: frame.id }));
      return;
    }
    this.user = frame.user ?? undefined;
    if (frame.name === "creds.update") Object.assign(this.auth.creds, frame.payload);
    const update = frame.payload as {
      connection?: string;
      lastDisconnect?: { error?: { message: string; statusCode?: number } };
    };
    const wireError = update.lastDisconnect?.error;
    if (update.connection === "close") {
      this.#closed = true;
      this.#ws.close();
    }
    this.ev.emit(
      frame.name,
      wireError
        ? {
            ...update,
            lastDisconnect: { error: closeError(wireError.statusCode ?? 428, wireError.message) },
          }
        : frame.payload,
    );
  }

  #lost(message: string): void {
    for (const call of this.#pending.values()) call.reject(closeError(428, message));
    this.#pending.clear();
    if (this.#closed) return;
    this.#closed = true;
    this.user = undefined;
    this.ev.emit("connection.update", {
      connection: "close",
      lastDisconnect: { error: closeError(428, message) },
    });
  }
}

/** A socket factory (as `makeWASocket`) whose sockets are relayed to the WhatsAppRelay at `url`. */
export function relaySocketFactory(url: string) {
  return (options: { auth: unknown }): RelayWaSocket =>
    new RelayWaSocket(url, options.auth as RelayAuth);
}
