import type { WaMessage } from "./whatsapp-socket.js";

/**
 * How old a message WhatsApp kept for this device while it was offline may be and still be answered:
 * long enough to cover a standby's takeover or a restart, short enough not to answer a backlog from
 * a device that was away for days.
 */
export const OFFLINE_CATCH_UP_MS = 15 * 60_000;

/**
 * Whether a `messages.upsert` message is one to answer: every live message (`notify`), and messages
 * that reached this device while it was offline (Baileys flags those `append`, as it does the
 * device's own sends) when they are recent — what arrived while a killed holder's standby took over.
 */
export function answersUpsert(type: string, raw: WaMessage, nowMs: number): boolean {
  if (type === "notify") return true;
  if (type !== "append" || raw.key.fromMe) return false;
  const sentAt = timestampMs(raw.messageTimestamp);
  return sentAt !== undefined && nowMs - sentAt <= OFFLINE_CATCH_UP_MS;
}

function timestampMs(value: WaMessage["messageTimestamp"]): number | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === "number" ? value : value.toNumber()) * 1000;
}
