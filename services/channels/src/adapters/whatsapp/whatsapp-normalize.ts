import type { InboundMessageInput } from "@clawfleet/core";
import type { BotIdentity } from "../../domain/channel-adapter.js";
import type { MediaKind } from "../../domain/inbound-media.js";
import type { WaContextInfo, WaMedia, WaMessage, WaMessageContent } from "./whatsapp-socket.js";

/** Result of normalizing one WhatsApp message. */
export type WhatsAppNormalized =
  | {
      ok: true;
      message: InboundMessageInput;
      media: WhatsAppMediaRef[];
      /** The chat's disappearing-messages timer in seconds (0: messages stay). */
      expiration: number;
    }
  | { ok: false; reason: string };

const USER_JID = /^(\d+)(?::\d+)?@s\.whatsapp\.net$/;
const LID_JID = /^(\d+)(?::\d+)?@lid$/;
const GROUP_JID = /^[0-9-]+@g\.us$/;

/** `15550100000:3@s.whatsapp.net` → `15550100000@s.whatsapp.net` (the device part dropped). */
export function normalizeJid(jid: string): string {
  const user = USER_JID.exec(jid);
  if (user) return `${user[1]}@s.whatsapp.net`;
  const lid = LID_JID.exec(jid);
  return lid ? `${lid[1]}@lid` : jid;
}

/** A user JID as E.164 (`+15550100000`); a LID without a known number stays `<id>@lid`. */
export function jidToE164(jid: string): string | undefined {
  const user = USER_JID.exec(jid);
  if (user) return `+${user[1]}`;
  const lid = LID_JID.exec(jid);
  return lid ? `${lid[1]}@lid` : undefined;
}

/** The sender's phone JID when Baileys knows it, else the JID it addressed the message from. */
function pickJid(primary: string | null | undefined, alt: string | null | undefined): string {
  if (primary && LID_JID.test(primary) && alt && USER_JID.test(alt)) return alt;
  return primary ?? alt ?? "";
}

/** A media part of a WhatsApp message, described for the placeholder (its bytes come from the socket). */
export interface WhatsAppMediaRef {
  kind: MediaKind;
  mimeType?: string | undefined;
  fileName?: string | undefined;
  size?: number | undefined;
}

const MEDIA_PARTS = [
  ["image", "imageMessage"],
  ["video", "videoMessage"],
  ["audio", "audioMessage"],
  ["document", "documentMessage"],
  ["sticker", "stickerMessage"],
] as const;

/** The media part of a message (WhatsApp sends one per message); a document is an image when its type says so. */
function mediaOf(content: WaMessageContent): { ref: WhatsAppMediaRef; part: WaMedia } | undefined {
  for (const [kind, field] of MEDIA_PARTS) {
    const part: (WaMedia & { fileName?: string | null }) | null | undefined = content[field];
    if (!part) continue;
    const mimeType = part.mimetype ?? undefined;
    const size = sizeOf(part.fileLength);
    const ref: WhatsAppMediaRef = {
      kind: kind === "document" && mimeType?.startsWith("image/") ? "image" : kind,
      mimeType,
      fileName: part.fileName ?? undefined,
      size: size > 0 ? size : undefined,
    };
    return { ref, part };
  }
  return undefined;
}

function sizeOf(value: WaMedia["fileLength"]): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : value.toNumber();
}

/** The envelopes WhatsApp puts around a message's content, outermost first (they can nest). */
const ENVELOPES = [
  "ephemeralMessage",
  "viewOnceMessage",
  "viewOnceMessageV2",
  "viewOnceMessageV2Extension",
  "documentWithCaptionMessage",
] as const;

/**
 * The content inside the envelopes: a message in a chat with disappearing messages on, a view-once
 * photo and a document sent with a caption arrive wrapped, and are answered like any other.
 * An edit (`protocolMessage`) is no envelope: it is not answered again.
 */
export function unwrapContent(content: WaMessageContent): WaMessageContent {
  let inner = content;
  for (let depth = 0; depth < 5; depth++) {
    const next = ENVELOPES.map((field) => inner[field]?.message).find((message) => !!message);
    if (!next) return inner;
    inner = next;
  }
  return inner;
}

/** The text the agent sees (the body, or a media part's caption), what it quotes, and its media. */
function bodyOf(
  content: WaMessageContent,
):
  | { text: string; context: WaContextInfo | null | undefined; media: WhatsAppMediaRef[] }
  | undefined {
  if (content.conversation) return { text: content.conversation, context: undefined, media: [] };
  if (content.extendedTextMessage?.text)
    return {
      text: content.extendedTextMessage.text,
      context: content.extendedTextMessage.contextInfo,
      media: [],
    };
  const found = mediaOf(content);
  if (!found) return undefined;
  return {
    text: found.part.caption?.trim() ?? "",
    context: found.part.contextInfo,
    media: [found.ref],
  };
}

function toMillis(value: WaMessage["messageTimestamp"]): number {
  if (value === null || value === undefined) return Date.now();
  return (typeof value === "number" ? value : value.toNumber()) * 1000;
}

/**
 * Turns a Baileys message into clawfleet's inbound shape: DMs have `peer.id` = the chat JID (where
 * replies go) and `sender.id` = the E.164 number (what `allowFrom` lists); group messages have
 * `peer.id` = the group JID and the participant as sender. A mention of the bot's number or LID, or
 * a reply to one of its messages, sets `mentioned`. A media message's caption is its text and the
 * media is described beside it (downloaded, or named in a placeholder, by the inbound pipeline once
 * the message is accepted). Own messages, status broadcasts and messages without text or media are
 * skipped.
 */
export function normalizeWhatsAppMessage(
  raw: WaMessage,
  accountId: string,
  bot: BotIdentity & { lid?: string },
): WhatsAppNormalized {
  const { key } = raw;
  if (key.fromMe) return { ok: false, reason: "own message" };
  const chat = key.remoteJid ?? "";
  if (!chat || chat === "status@broadcast" || chat.endsWith("@broadcast"))
    return { ok: false, reason: "status or broadcast" };
  if (!key.id) return { ok: false, reason: "no message id" };
  const body = raw.message ? bodyOf(unwrapContent(raw.message)) : undefined;
  if (!body) return { ok: false, reason: "no text or media" };
  const group = GROUP_JID.test(chat);
  const senderJid = normalizeJid(
    group ? pickJid(key.participant, key.participantAlt) : pickJid(chat, key.remoteJidAlt),
  );
  const senderId = jidToE164(senderJid);
  if (!senderId) return { ok: false, reason: `unsupported sender ${senderJid || "(none)"}` };
  const botJids = new Set([normalizeJid(`${bot.id}@s.whatsapp.net`)]);
  if (bot.lid) botJids.add(normalizeJid(bot.lid));
  const mentions = (body.context?.mentionedJid ?? []).map(normalizeJid);
  const quotedBot =
    !!body.context?.stanzaId &&
    !!body.context.participant &&
    botJids.has(normalizeJid(body.context.participant));
  const message: InboundMessageInput = {
    channel: "whatsapp",
    accountId,
    messageId: key.id,
    peer: group ? { kind: "group", id: chat } : { kind: "dm", id: normalizeJid(chat) },
    sender: { id: senderId, ...(raw.pushName ? { displayName: raw.pushName } : {}) },
    text: body.text,
    mentioned: mentions.some((jid) => botJids.has(jid)) || quotedBot,
    timestamp: Math.max(0, Math.round(toMillis(raw.messageTimestamp))),
  };
  if (body.context?.stanzaId)
    message.replyTo = { messageId: body.context.stanzaId, toBot: quotedBot };
  return { ok: true, message, media: body.media, expiration: body.context?.expiration ?? 0 };
}
