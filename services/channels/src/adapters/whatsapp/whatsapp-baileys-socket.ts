import { Browsers, makeCacheableSignalKeyStore, makeWASocket } from "@whiskeysockets/baileys";
import type { AuthenticationState } from "@whiskeysockets/baileys";
import type { Logger } from "@clawfleet/log";
import type { WaSocket, WaSocketFactory } from "./whatsapp-socket.js";

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
  // Baileys' socket is a superset of WaSocket; its event map is typed per event, ours is the subset we use.
  return socket as unknown as WaSocket;
};
