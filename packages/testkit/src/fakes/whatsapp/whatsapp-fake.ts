import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { FakeWaSocket, type AuthLike } from "./whatsapp-fake-socket.js";

// Baileys cannot be pointed at a fake WhatsApp server (it speaks the Noise-encrypted WhatsApp Web
// protocol to WhatsApp's own endpoints), so this fake stands at Baileys' socket interface: the
// events Baileys emits (`connection.update`, `creds.update`, `messages.upsert`) and the calls the
// adapter makes. It writes to the auth state the way Baileys does (creds mutated in place, then
// `creds.update`; signal keys through `keys.set`) and refuses to open a socket whose stored keys
// did not come back, so a credential store that loses data fails the tests.

/** A message WhatsApp delivered through the fake socket. */
export interface FakeWaInbound {
  key: {
    remoteJid: string;
    id: string;
    fromMe: boolean;
    participant?: string;
    remoteJidAlt?: string;
  };
  message: Record<string, unknown>;
  messageTimestamp: number;
  pushName?: string;
}

/** A text or image the adapter sent. */
export interface FakeWaSent {
  jid: string;
  /** The text, or an image's caption (empty without one). */
  text: string;
  /** An image message's bytes and declared type. */
  image?: { bytes: Buffer; mimetype: string; fileName?: string };
  id: string;
  /** The disappearing-messages timer it was sent with, in seconds (Baileys' `ephemeralExpiration`). */
  expiration?: number;
  /** Which socket sent it (instances are told apart by socket). */
  socket: number;
}

/** Options of a DM or group message injected into the fake. */
export interface FakeWaMessageOptions {
  pushName?: string;
  /** JIDs mentioned (`<number>@s.whatsapp.net`). */
  mentions?: string[];
  /** A message id of the bot's this one replies to. */
  replyToBot?: string;
  /** A media part instead of text: `{ kind: "image", caption, bytes }`. */
  media?: FakeWaMedia;
  /**
   * Wraps the content as WhatsApp does: `ephemeralMessage` in a chat with disappearing messages on,
   * `viewOnceMessageV2` for a view-once photo, `documentWithCaptionMessage` for a captioned document.
   */
  envelope?: "ephemeralMessage" | "viewOnceMessageV2" | "documentWithCaptionMessage";
  /** The chat's disappearing-messages timer in seconds, carried in the message's `contextInfo`. */
  expiration?: number;
}

/** A media part of an injected message. */
export interface FakeWaMedia {
  kind: "image" | "video" | "audio" | "document" | "sticker";
  caption?: string;
  /** The content, which the socket's `downloadMedia` then serves, or only a size (nothing to download). */
  bytes: number | Uint8Array;
  /** The declared type; a usual one for the kind by default. */
  mimetype?: string;
  /** A document's name. */
  fileName?: string;
  /** The size the message declares (`fileLength`): the content's length by default. */
  fileLength?: number;
  /** The upload expired and the phone did not upload it again: downloads fail with 410. */
  expired?: boolean;
}

/** Options of an image injected with {@link WhatsAppFake.image}. */
export type FakeWaImageOptions = Omit<FakeWaMessageOptions, "media"> &
  Omit<FakeWaMedia, "kind" | "bytes">;

/** One `downloadMedia` of the adapter: the message, how many bytes it read, whether it read them all. */
export interface FakeWaDownload {
  id: string;
  read: number;
  complete: boolean;
}

const DEFAULT_MIMETYPES: Record<FakeWaMedia["kind"], string> = {
  image: "image/jpeg",
  video: "video/mp4",
  audio: "audio/ogg; codecs=opus",
  document: "application/pdf",
  sticker: "image/webp",
};

/** A fake WhatsApp: linked devices, open sockets, what was sent, read and typed. */
export class WhatsAppFake {
  /** Open sockets (an account holder has one). */
  readonly sockets = new Set<FakeWaSocket>();
  readonly sent: FakeWaSent[] = [];
  readonly reads: string[] = [];
  readonly presence: { type: string; jid: string }[] = [];
  /** The content of injected media messages, by message id (what `downloadMedia` serves). */
  readonly media = new Map<string, { bytes: Uint8Array; expired: boolean }>();
  /** Every media download, in order. */
  readonly downloads: FakeWaDownload[] = [];
  /**
   * While set, every new socket is closed with this status before it shows a QR or opens: WhatsApp
   * unreachable (e.g. 503) or refusing the device (401).
   */
  refusing: { statusCode: number; message: string } | undefined;
  /** Device JIDs linked by a QR scan and not logged out. */
  readonly linked = new Set<string>();
  /** Emits `sent` and `socket`. */
  readonly changed = new EventEmitter();
  #count = 0;
  #qrs = 0;
  /** Messages sent to the linked account while no socket was open, delivered on the next open. */
  readonly #offline: FakeWaInbound[] = [];

  /** The socket factory to give the channels service (the shape of `makeWASocket`). */
  readonly socketFactory = (options: { auth: unknown }): FakeWaSocket => {
    const auth = options.auth as AuthLike;
    const socket = new FakeWaSocket(this, ++this.#count, auth);
    this.sockets.add(socket);
    setImmediate(() => void this.#open(socket));
    return socket;
  };

  async #open(socket: FakeWaSocket): Promise<void> {
    socket.ev.emit("connection.update", { connection: "connecting" });
    if (this.refusing) return socket.close(this.refusing.statusCode, this.refusing.message);
    const me = socket.auth.creds.me;
    if (!me) {
      socket.ev.emit("connection.update", { qr: `fake-qr-${++this.#qrs}` });
      this.changed.emit("socket", socket);
      return;
    }
    const keys = await socket.auth.keys.get("pre-key", ["1"]);
    const key = keys["1"] as { private?: unknown } | undefined;
    if (!this.linked.has(me.id)) return socket.close(401, "logged out (device not linked)");
    if (!key || !(key.private instanceof Uint8Array))
      return socket.close(500, "bad session: the stored signal keys did not come back");
    socket.user = { id: me.id, ...(me.name ? { name: me.name } : {}) };
    socket.ev.emit("connection.update", { connection: "open" });
    this.changed.emit("socket", socket);
    // What arrived while no device was online comes now, flagged offline (Baileys: type "append").
    for (const inbound of this.#offline.splice(0))
      socket.ev.emit("messages.upsert", { messages: [inbound], type: "append" });
  }

  /** How many sockets were made so far (each connection attempt makes one). */
  get socketsMade(): number {
    return this.#count;
  }

  /** The socket currently showing a QR code. */
  qrSocket(): FakeWaSocket | undefined {
    return [...this.sockets].find((socket) => !socket.auth.creds.me && !socket.closed);
  }

  /** The open (linked, connected) socket. */
  openSocket(): FakeWaSocket | undefined {
    return [...this.sockets].find((socket) => socket.user && !socket.closed);
  }

  /** The phone scans the QR: creds and keys are written, then WhatsApp asks for a restart (515). */
  async scanQr(number: string, name = "Claw"): Promise<void> {
    const socket = this.qrSocket();
    if (!socket) throw new Error("no socket is showing a QR code");
    const id = `${number}:7@s.whatsapp.net`;
    this.linked.add(id);
    await socket.auth.keys.set({
      "pre-key": { "1": { public: new Uint8Array([1, 2, 3]), private: new Uint8Array([4, 5, 6]) } },
    });
    socket.auth.creds.me = { id, name };
    socket.ev.emit("creds.update", { me: socket.auth.creds.me });
    socket.close(515, "restart required");
  }

  /** The QR times out unscanned. */
  expireQr(): void {
    this.qrSocket()?.close(408, "QR refs attempts ended");
  }

  /** The phone removes the linked device. */
  logoutFromPhone(): void {
    const socket = this.openSocket();
    if (socket) this.linked.delete(socket.auth.creds.me?.id ?? "");
    socket?.close(401, "Stream Errored (conflict)");
  }

  /** Delivers a DM from `number` to the open socket (or on the next open, as offline); returns the message. */
  dm(number: string, text: string, options: FakeWaMessageOptions = {}): FakeWaInbound {
    return this.#deliver(`${number}@s.whatsapp.net`, undefined, text, options);
  }

  /** Delivers an image message (with its bytes, downloadable through the socket) from `number`. */
  image(number: string, bytes: Uint8Array, options: FakeWaImageOptions = {}): FakeWaInbound {
    const { mimetype, caption, fileName, fileLength, expired, ...rest } = options;
    const media: FakeWaMedia = { kind: "image", bytes };
    if (mimetype !== undefined) media.mimetype = mimetype;
    if (caption !== undefined) media.caption = caption;
    if (fileName !== undefined) media.fileName = fileName;
    if (fileLength !== undefined) media.fileLength = fileLength;
    if (expired !== undefined) media.expired = expired;
    return this.dm(number, caption ?? "", { ...rest, media });
  }

  /** Delivers a group message from `number` in `groupJid`. */
  group(groupJid: string, number: string, text: string, options: FakeWaMessageOptions = {}) {
    return this.#deliver(groupJid, `${number}@s.whatsapp.net`, text, options);
  }

  #deliver(
    chat: string,
    participant: string | undefined,
    text: string,
    options: FakeWaMessageOptions,
  ): FakeWaInbound {
    const socket = this.openSocket();
    if (!socket && this.linked.size === 0)
      throw new Error("no linked WhatsApp device to deliver to");
    const contextInfo = {
      ...(options.mentions ? { mentionedJid: options.mentions } : {}),
      ...(options.expiration ? { expiration: options.expiration } : {}),
      ...(options.replyToBot
        ? { stanzaId: options.replyToBot, participant: socket?.user?.id ?? [...this.linked][0] }
        : {}),
    };
    const media = options.media;
    const content = typeof media?.bytes === "number" ? undefined : media?.bytes;
    const message: Record<string, unknown> = media
      ? {
          [`${media.kind}Message`]: {
            caption: media.caption ?? text,
            mimetype: media.mimetype ?? DEFAULT_MIMETYPES[media.kind],
            fileLength: media.fileLength ?? content?.byteLength ?? media.bytes,
            ...(media.fileName ? { fileName: media.fileName } : {}),
            contextInfo,
          },
        }
      : Object.keys(contextInfo).length > 0
        ? { extendedTextMessage: { text, contextInfo } }
        : { conversation: text };
    const wrapped = options.envelope ? { [options.envelope]: { message } } : message;
    const inbound: FakeWaInbound = {
      key: {
        remoteJid: chat,
        id: `WA${randomUUID().replace(/-/g, "").slice(0, 18).toUpperCase()}`,
        fromMe: false,
        ...(participant ? { participant } : {}),
      },
      message: wrapped,
      messageTimestamp: Math.floor(Date.now() / 1000),
      ...(options.pushName ? { pushName: options.pushName } : {}),
    };
    if (content) this.media.set(inbound.key.id, { bytes: content, expired: !!media?.expired });
    if (socket) socket.ev.emit("messages.upsert", { messages: [inbound], type: "notify" });
    else this.#offline.push(inbound);
    return inbound;
  }

  /** Texts sent to `jid`, in order. */
  sentTo(jid: string): FakeWaSent[] {
    return this.sent.filter((entry) => entry.jid === jid);
  }

  /** Resolves once `n` texts were sent to `jid` (or rejects after `timeoutMs`). */
  async waitForSent(jid: string, n = 1, timeoutMs = 15_000): Promise<FakeWaSent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sentTo(jid).length < n) {
      if (Date.now() > deadline)
        throw new Error(
          `expected ${n} WhatsApp messages to ${jid} within ${timeoutMs} ms, got ${JSON.stringify(this.sentTo(jid))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.sentTo(jid);
  }
}
