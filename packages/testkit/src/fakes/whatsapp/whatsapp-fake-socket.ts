import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { FakeWaDownload, WhatsAppFake } from "./whatsapp-fake.js";

/** The auth state a socket is made with: Baileys' creds (mutated in place) and its signal key store. */
export interface AuthLike {
  creds: Record<string, unknown> & { me?: { id: string; name?: string } };
  keys: {
    get(type: string, ids: string[]): Promise<Record<string, unknown>>;
    set(data: Record<string, Record<string, unknown>>): Promise<void>;
  };
}

/** How much of a media file one read of the download stream gets. */
const DOWNLOAD_CHUNK = 64 * 1024;

const closeError = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { output: { statusCode } });

/** One fake WhatsApp Web socket, as `makeWASocket` returns. */
export class FakeWaSocket {
  readonly ev = new EventEmitter();
  user: { id: string; name?: string } | undefined;
  closed = false;

  constructor(
    private readonly world: WhatsAppFake,
    readonly index: number,
    readonly auth: AuthLike,
  ) {}

  /**
   * Sends a text or an image (`{ image: Buffer, mimetype, caption? }`, as Baileys' AnyMessageContent);
   * WhatsApp answers with the message key. Image sources other than bytes (`{ url }`, streams) and
   * images over WhatsApp's 16 MB are refused.
   */
  async sendMessage(
    jid: string,
    content:
      { text: string } | { image: unknown; mimetype?: string; caption?: string; fileName?: string },
    options: { ephemeralExpiration?: number } = {},
  ): Promise<{ key: { id: string } }> {
    if (this.closed || !this.user) throw closeError(428, "Connection Closed");
    const id = `3EB0${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`;
    const timer = options.ephemeralExpiration ? { expiration: options.ephemeralExpiration } : {};
    if ("image" in content) {
      if (!Buffer.isBuffer(content.image))
        throw new Error("fake WhatsApp: only Buffer image uploads are supported");
      if (content.image.length > 16 * 1024 * 1024) throw closeError(413, "Payload Too Large");
      this.world.sent.push({
        jid,
        text: content.caption ?? "",
        image: {
          bytes: content.image,
          mimetype: content.mimetype ?? "image/jpeg",
          ...(content.fileName ? { fileName: content.fileName } : {}),
        },
        id,
        ...timer,
        socket: this.index,
      });
      this.world.changed.emit("sent");
      return { key: { id } };
    }
    this.world.sent.push({ jid, text: content.text, id, ...timer, socket: this.index });
    this.world.changed.emit("sent");
    return { key: { id } };
  }

  /** Records a presence update (typing). */
  async sendPresenceUpdate(type: string, jid?: string): Promise<void> {
    this.world.presence.push({ type, jid: jid ?? "" });
  }

  /** Records read receipts. */
  async readMessages(keys: { id?: string | null }[]): Promise<void> {
    for (const key of keys) if (key.id) this.world.reads.push(key.id);
  }

  /**
   * Baileys' `downloadMediaMessage` in stream mode: the bytes of an injected media message, served
   * 64 KB a read (so a reader that stops early is seen to), or a Boom-like error as Baileys throws
   * when WhatsApp's media server refuses (404 unknown media, 410 expired upload).
   */
  async downloadMedia(
    message: { key: { id?: string | null } },
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    if (this.closed || !this.user) throw closeError(428, "Connection Closed");
    const id = message.key.id ?? "";
    const media = this.world.media.get(id);
    const url = `https://mmg.whatsapp.net/v/t62.7118-24/${id}.enc`;
    if (!media) throw closeError(404, `Failed to fetch stream from ${url}`);
    if (media.expired) throw closeError(410, `Failed to fetch stream from ${url}`);
    const download: FakeWaDownload = { id, read: 0, complete: false };
    this.world.downloads.push(download);
    const { bytes } = media;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (signal?.aborted) return controller.error(signal.reason);
        const chunk = bytes.subarray(download.read, download.read + DOWNLOAD_CHUNK);
        download.read += chunk.byteLength;
        if (chunk.byteLength > 0) controller.enqueue(new Uint8Array(chunk));
        if (download.read >= bytes.byteLength) {
          download.complete = true;
          controller.close();
        }
      },
    });
  }

  /** Unlinks the device: WhatsApp closes the socket as logged out. */
  async logout(): Promise<void> {
    this.world.linked.delete(this.auth.creds.me?.id ?? "");
    this.close(401, "Intentional Logout");
  }

  /** Closes the socket (Baileys `end`). */
  end(error: Error | undefined): void {
    this.close(428, error?.message ?? "Connection Closed");
  }

  /** Emits `connection: close` with a Baileys disconnect code. */
  close(statusCode: number, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.user = undefined;
    this.world.sockets.delete(this);
    setImmediate(() =>
      this.ev.emit("connection.update", {
        connection: "close",
        lastDisconnect: { error: closeError(statusCode, message), date: new Date() },
      }),
    );
  }
}
