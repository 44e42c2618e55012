import type { Logger } from "@clawfleet/log";

// The slice of Baileys' socket the adapter uses, written structurally so the adapter can be driven
// by a fake socket in tests (Baileys cannot be pointed at a fake WhatsApp server).

/** A message key: chat JID, sender in groups, message id. */
export interface WaMessageKey {
  remoteJid?: string | null;
  /** The PN JID of a chat addressed by LID (Baileys 7). */
  remoteJidAlt?: string | null;
  fromMe?: boolean | null;
  id?: string | null;
  participant?: string | null;
  /** The PN JID of a group participant addressed by LID (Baileys 7). */
  participantAlt?: string | null;
}

/** What a message quotes and mentions. */
export interface WaContextInfo {
  mentionedJid?: string[] | null;
  stanzaId?: string | null;
  participant?: string | null;
  /** The chat's disappearing-messages timer in seconds, on every message of such a chat. */
  expiration?: number | null;
}

/** A media part of a message. */
export interface WaMedia {
  caption?: string | null;
  mimetype?: string | null;
  fileLength?: number | { toNumber(): number } | null;
  contextInfo?: WaContextInfo | null;
}

/** The content of a message (the fields clawfleet reads). */
export interface WaMessageContent {
  conversation?: string | null;
  extendedTextMessage?: { text?: string | null; contextInfo?: WaContextInfo | null } | null;
  imageMessage?: WaMedia | null;
  videoMessage?: WaMedia | null;
  audioMessage?: WaMedia | null;
  documentMessage?: (WaMedia & { fileName?: string | null }) | null;
  stickerMessage?: WaMedia | null;
  /** Envelopes around the real content: disappearing, view-once, a document with a caption. */
  ephemeralMessage?: WaEnvelope | null;
  viewOnceMessage?: WaEnvelope | null;
  viewOnceMessageV2?: WaEnvelope | null;
  viewOnceMessageV2Extension?: WaEnvelope | null;
  documentWithCaptionMessage?: WaEnvelope | null;
}

/** A wrapper message (`ephemeralMessage`, `viewOnceMessage`, …): the content is one level down. */
export interface WaEnvelope {
  message?: WaMessageContent | null;
}

/** A message as `messages.upsert` delivers it. */
export interface WaMessage {
  key: WaMessageKey;
  message?: WaMessageContent | null;
  messageTimestamp?: number | { toNumber(): number } | null;
  pushName?: string | null;
}

/** A `connection.update` event. */
export interface WaConnectionUpdate {
  connection?: "connecting" | "open" | "close";
  qr?: string;
  lastDisconnect?: { error?: (Error & { output?: { statusCode?: number } }) | undefined };
}

/** The events the adapter listens to. */
export interface WaEvents {
  on(event: "connection.update", listener: (update: WaConnectionUpdate) => void): void;
  on(event: "creds.update", listener: (update: unknown) => void): void;
  on(
    event: "messages.upsert",
    listener: (upsert: { messages: WaMessage[]; type: string }) => void,
  ): void;
}

/** What the adapter sends: a text, or an image (uploaded by Baileys) with an optional caption. */
export type WaOutgoing =
  { text: string } | { image: Buffer; mimetype: string; caption?: string; fileName?: string };

/** How a message is sent: `ephemeralExpiration` makes it disappear after that many seconds. */
export interface WaSendOptions {
  ephemeralExpiration?: number;
}

/** One WhatsApp Web connection. */
export interface WaSocket {
  readonly ev: WaEvents;
  /** The linked account once open: `<number>:<device>@s.whatsapp.net`. */
  readonly user?: { id: string; name?: string; lid?: string } | undefined;
  sendMessage(
    jid: string,
    content: WaOutgoing,
    options?: WaSendOptions,
  ): Promise<{ key: WaMessageKey } | undefined>;
  sendPresenceUpdate(type: "composing" | "paused" | "available", jid?: string): Promise<void>;
  readMessages(keys: WaMessageKey[]): Promise<void>;
  /**
   * The decrypted bytes of a media message (image, video, audio, document, sticker) as a stream,
   * read only as far as the caller reads; media whose upload expired is requested again from the
   * sender's phone. Rejects when the media cannot be had; the stream errors once `signal` aborts.
   */
  downloadMedia(message: WaMessage, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  /** Unlinks this device from the phone. */
  logout(): Promise<void>;
  /** Closes the connection. */
  end(error: Error | undefined): void;
}

/** Opens a socket over an auth state (Baileys `AuthenticationState`, mutated in place by the socket). */
export type WaSocketFactory = (options: { auth: WaAuthState; logger: Logger }) => WaSocket;

/** The auth state a socket reads and updates: creds plus the signal key store. */
export interface WaAuthState {
  creds: object;
  keys: object;
}

/** Baileys' disconnect status codes the adapter tells apart (`DisconnectReason`). */
export const WaDisconnect = {
  LoggedOut: 401,
  Forbidden: 403,
  TimedOut: 408,
  MultideviceMismatch: 411,
  ConnectionClosed: 428,
  ConnectionReplaced: 440,
  BadSession: 500,
  RestartRequired: 515,
} as const;

/** The status code of a close, from Baileys' Boom error. */
export function disconnectCode(update: WaConnectionUpdate): number | undefined {
  return update.lastDisconnect?.error?.output?.statusCode;
}
