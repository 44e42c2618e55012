// The frames a WhatsApp relay socket (inside a channels process) and the relay (in the test) exchange
// over one WebSocket. Signal keys are byte arrays, so Uint8Array values travel tagged as base64.

/** Client → relay: open with what the auth state holds, call a socket method, or ack a keys.set. */
export type RelayClientFrame =
  | { t: "hello"; me?: { id: string; name?: string }; preKey?: unknown }
  | { t: "call"; id: number; method: RelayMethod; args: unknown[] }
  | { t: "ack"; id: number };

/** Relay → client: a socket event, a call's result, or keys for the client's auth state. */
export type RelayServerFrame =
  | { t: "event"; name: string; payload: unknown; user?: { id: string; name?: string } | null }
  | { t: "reply"; id: number; value?: unknown; error?: { message: string; statusCode?: number } }
  | { t: "keys.set"; id: number; data: Record<string, Record<string, unknown>> };

/** The socket methods a relay socket forwards. */
export type RelayMethod =
  "sendMessage" | "sendPresenceUpdate" | "readMessages" | "downloadMedia" | "logout" | "end";

/** Serialises a frame, tagging byte arrays. */
export function encodeFrame(frame: RelayClientFrame | RelayServerFrame): string {
  return JSON.stringify(frame, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? { $bytes: Buffer.from(raw).toString("base64") } : value;
  });
}

/** Parses a frame, restoring tagged byte arrays. */
export function decodeFrame<T extends RelayClientFrame | RelayServerFrame>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    const bytes = (value as { $bytes?: unknown } | null)?.$bytes;
    return typeof bytes === "string" ? new Uint8Array(Buffer.from(bytes, "base64")) : value;
  }) as T;
}

/** A Baileys-like close error (a Boom with `output.statusCode`). */
export function closeError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { output: { statusCode } });
}
