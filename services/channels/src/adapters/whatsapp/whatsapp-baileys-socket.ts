import { addAbortSignal, Readable } from "node:stream";
import {
  Browsers,
  downloadMediaMessage,
  makeCacheableSignalKeyStore,
  makeWASocket,
} from "@whiskeysockets/baileys";
import type { AuthenticationState, WAMessage } from "@whiskeysockets/baileys";
import type { Logger } from "@clawfleet/log";
import type { WaMessage, WaSocket, WaSocketFactory } from "./whatsapp-socket.js";

type ILogger = NonNullable<Parameters<typeof makeWASocket>[0]["logger"]>;

/** Baileys logs through a pino-like interface; its chatter goes to debug, never above warn. */
function baileysLogger(log: Logger, bindings: Record<string, unknown> = {}): ILogger {
  const line =
    (level: "debug" | "warn") =>
    (obj: unknown, msg?: string): void => {
      const text = msg ?? (typeof obj === "string" ? obj : "");
      if (text) log[level](`baileys: ${text}`, { ...bindings });
    };
  return {
    level: "debug",
    child: (obj: Record<string, unknown>) => baileysLogger(log, { ...bindings, ...obj }),
    trace: () => {},
    debug: line("debug"),
    info: line("debug"),
    warn: line("debug"),
    error: line("warn"),
  };
}

/** Opens a real WhatsApp Web connection with Baileys. */
export const baileysSocketFactory: WaSocketFactory = ({ auth, logger }) => {
  const log = baileysLogger(logger);
  const state = auth as AuthenticationState;
  const socket = makeWASocket({
    auth: { creds: state.creds, keys: makeCacheableSignalKeyStore(state.keys, log) },
    logger: log,
    browser: Browsers.ubuntu("clawfleet"),
    markOnlineOnConnect: false,
    // History sync stays on: Baileys learns LID ↔ phone mappings from it.
    syncFullHistory: false,
  });
  /**
   * Baileys' stream download: the media is fetched and decrypted as it is read, so a caller that stops
   * reading (over its cap) stops the download; an expired upload (404/410) is requested again from the
   * sender's phone through `updateMediaMessage`.
   */
  const downloadMedia = async (
    message: WaMessage,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> => {
    // WaMessage is the structural subset of WAMessage the adapter reads; this is the message Baileys delivered.
    const stream = await downloadMediaMessage(
      message as WAMessage,
      "stream",
      {},
      { reuploadRequest: socket.updateMediaMessage, logger: log },
    );
    addAbortSignal(signal, stream);
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  };
  // Baileys' socket is a superset of WaSocket; its event map is typed per event, ours is the subset we use.
  return Object.assign(socket, { downloadMedia }) as unknown as WaSocket;
};
