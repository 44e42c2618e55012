import type { InboundMessageInput } from "@clawfleet/core";

/** A mention inside a Signal message: U+FFFC at `start` (UTF-16 units) stands for this member. */
export interface SignalMention {
  name?: string;
  number?: string | null;
  uuid?: string | null;
  start: number;
  length: number;
}

/** An attachment as signal-cli reports it (JsonAttachment); `id` names its file in the daemon's data directory, absent when signal-cli did not download it. */
export interface SignalAttachment {
  contentType?: string | null;
  filename?: string | null;
  id?: string | null;
  size?: number | null;
}

/** The fields of signal-cli's `dataMessage` clawfleet reads (JsonDataMessage). */
export interface SignalDataMessage {
  timestamp?: number;
  message?: string | null;
  mentions?: SignalMention[];
  attachments?: SignalAttachment[];
  groupInfo?: { groupId?: string; groupName?: string | null; type?: string };
  quote?: { id?: number; authorNumber?: string | null; authorUuid?: string | null };
  reaction?: unknown;
  remoteDelete?: unknown;
  /** A sticker (JsonSticker: pack id in hex and the sticker's number); signal-cli does not hand out its image. */
  sticker?: { packId?: string; stickerId?: number } | null;
}

/** signal-cli's envelope (JsonMessageEnvelope), the fields clawfleet reads. */
export interface SignalEnvelope {
  sourceNumber?: string | null;
  sourceUuid?: string | null;
  sourceName?: string | null;
  timestamp?: number;
  dataMessage?: SignalDataMessage;
  syncMessage?: unknown;
}

/** One `receive` event of signal-cli's event stream: `{account, envelope}` or `{account, exception}`. */
export interface SignalReceive {
  account?: string;
  envelope?: SignalEnvelope;
  exception?: { message?: string; type?: string };
}

/** Who the bot is on Signal: its number and, once seen, its ACI (uuid). */
export interface SignalSelf {
  number: string;
  uuid?: string;
}

/** Result of normalizing one Signal event. */
export type SignalNormalized =
  | { ok: true; message: InboundMessageInput; attachments: SignalAttachment[]; sticker: boolean }
  | { ok: false; reason: string };

const PLACEHOLDER = "\uFFFC";

function isSelf(who: { number?: string | null; uuid?: string | null }, self: SignalSelf): boolean {
  return (
    (!!who.number && who.number === self.number) ||
    (!!who.uuid && !!self.uuid && who.uuid.toLowerCase() === self.uuid.toLowerCase())
  );
}

/** The text with each mention placeholder spelled out (`@+1555…`), the bot's own mention removed. */
function spellMentions(text: string, mentions: SignalMention[], self: SignalSelf): string {
  let out = text;
  for (const m of [...mentions].sort((a, b) => b.start - a.start)) {
    if (out.slice(m.start, m.start + m.length) !== PLACEHOLDER.repeat(m.length)) continue;
    const spelled = isSelf(m, self) ? "" : `@${m.number ?? m.name ?? m.uuid ?? "someone"}`;
    out = out.slice(0, m.start) + spelled + out.slice(m.start + m.length);
  }
  return out.replace(/\s{2,}/g, " ").trim();
}

/**
 * A signal-cli `receive` event in clawfleet's inbound shape: a message in a group is `group`
 * (peer = the group id, base64), otherwise a `dm` with the sender (peer = their number, or their
 * uuid when the number is hidden). The sender's id is the E.164 number or the lower-case uuid (what
 * `allowFrom` matches; `uuid:<id>` there). The message id is `<timestamp>-<sender>` (Signal names a
 * message by its author and timestamp). A mention of the bot's number or uuid, or a quote of one of
 * its messages, counts as mentioned. Attachments come back as they are, for the adapter to describe
 * as media, and whether a sticker was sent (the agent sees `<media:sticker>`). Sync messages (the bot's other devices), receipts, typing,
 * reactions, deletions, group updates and the bot's own messages are skipped.
 */
export function normalizeSignalEvent(
  receive: SignalReceive,
  accountId: string,
  self: SignalSelf,
): SignalNormalized {
  if (receive.exception)
    return {
      ok: false,
      reason: `signal-cli could not decrypt a message: ${receive.exception.message ?? "?"}`,
    };
  const envelope = receive.envelope;
  if (!envelope) return { ok: false, reason: "no envelope" };
  const data = envelope.dataMessage;
  if (!data) return { ok: false, reason: envelope.syncMessage ? "sync message" : "not a message" };
  const sender = envelope.sourceNumber ?? envelope.sourceUuid?.toLowerCase();
  if (!sender) return { ok: false, reason: "no sender" };
  if (isSelf({ number: envelope.sourceNumber, uuid: envelope.sourceUuid }, self))
    return { ok: false, reason: "own message" };
  if (data.reaction || data.remoteDelete) return { ok: false, reason: "reaction or deletion" };
  const group = data.groupInfo;
  if (group && group.type && group.type !== "DELIVER")
    return { ok: false, reason: `group ${group.type}` };
  const mentions = data.mentions ?? [];
  const text = spellMentions(data.message ?? "", mentions, self);
  const attachments = data.attachments ?? [];
  const sticker = !!data.sticker;
  if (!text && attachments.length === 0 && !sticker) return { ok: false, reason: "no text" };
  const timestamp = envelope.timestamp ?? data.timestamp;
  if (!timestamp) return { ok: false, reason: "no timestamp" };
  const quotedBot =
    !!data.quote && isSelf({ number: data.quote.authorNumber, uuid: data.quote.authorUuid }, self);
  const message: InboundMessageInput = {
    channel: "signal",
    accountId,
    messageId: `${timestamp}-${sender}`,
    peer: group?.groupId ? { kind: "group", id: group.groupId } : { kind: "dm", id: sender },
    sender: { id: sender, ...(envelope.sourceName ? { displayName: envelope.sourceName } : {}) },
    text,
    mentioned: mentions.some((m) => isSelf(m, self)),
    timestamp,
  };
  if (group?.groupName) message.chatTitle = group.groupName;
  if (data.quote?.id && quotedBot)
    message.replyTo = { messageId: `${data.quote.id}-${self.number}`, toBot: true };
  return { ok: true, message, attachments, sticker };
}

/** Splits a message id made by {@link normalizeSignalEvent} back into what a quote needs. */
export function quoteOf(messageId: string): { timestamp: number; author: string } | undefined {
  const dash = messageId.indexOf("-");
  const timestamp = Number(messageId.slice(0, dash));
  const author = messageId.slice(dash + 1);
  return dash > 0 && Number.isSafeInteger(timestamp) && author ? { timestamp, author } : undefined;
}
