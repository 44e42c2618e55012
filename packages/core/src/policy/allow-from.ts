/** One `allowFrom`-style entry: a user id, a username (`@` optional) or `"*"`. */
export type AllowEntry = string | number;

/** An allow list split into what it can match. */
export interface AllowList {
  allowAll: boolean;
  ids: ReadonlySet<string>;
  usernames: ReadonlySet<string>;
}

/** The sender fields an allow list may match; display names are never matched (anyone can set one). */
export interface AllowCandidate {
  id: string;
  username?: string;
}

const PREFIX = /^(telegram|tg|discord|whatsapp|wa|slack|signal|uuid|user|pk):/i;
/** A Slack user id (`U…`, `W…` for Enterprise Grid): upper-case letters and digits. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{6,}$/;
/** A phone number in E.164 as written by people: `+` then digits, with optional spaces, dots, dashes, parentheses. */
const PHONE = /^\+[\d\s().-]{5,24}$/;
const DISCORD_MENTION = /^<@!?(\d+)>$/;
const NUMERIC_ID = /^-?\d+$/;
/** A UUID (Signal ACI of a sender without a known number), compared lower-case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Splits entries into ids and usernames: `"*"` allows everyone; `telegram:`/`tg:`/`discord:`/
 * `whatsapp:`/`slack:`/`signal:`/`uuid:`/`user:` prefixes and Discord `<@id>` mentions are unwrapped; a phone number starting
 * with `+` is an E.164 id (`+1 555-010-0000` → `+15550100000`, WhatsApp); UUIDs (Signal, `uuid:<id>`), Slack user ids (`U0ABC123`) and all-digit entries are ids (so a
 * username that looks like someone's id cannot impersonate them); anything else is a username,
 * compared without a leading `@` and case-insensitively. Returns null for a missing/empty list.
 */
export function normalizeAllowList(entries: readonly AllowEntry[] | undefined): AllowList | null {
  if (!entries || entries.length === 0) return null;
  const ids = new Set<string>();
  const usernames = new Set<string>();
  let allowAll = false;
  for (const entry of entries) {
    const raw = String(entry).trim();
    if (raw === "*") allowAll = true;
    const text = raw.replace(PREFIX, "");
    if (!text || text === "*") continue;
    const mention = DISCORD_MENTION.exec(text);
    if (mention?.[1]) ids.add(mention[1]);
    else if (PHONE.test(text)) ids.add(`+${text.replace(/\D/g, "")}`);
    else if (UUID.test(text)) ids.add(text.toLowerCase());
    else if (NUMERIC_ID.test(text) || SLACK_USER_ID.test(text)) ids.add(text);
    else usernames.add(text.replace(/^@/, "").toLowerCase());
  }
  return { allowAll, ids, usernames };
}

/** Whether an allow list admits a sender; an absent or empty list admits nobody. */
export function allowListMatches(list: AllowList | null, sender: AllowCandidate): boolean {
  if (!list) return false;
  if (list.allowAll || list.ids.has(sender.id)) return true;
  const username = sender.username?.trim().replace(/^@/, "").toLowerCase();
  return !!username && list.usernames.has(username);
}

/** Shorthand: normalizes `entries` and matches the sender against them. */
export function isSenderAllowed(
  entries: readonly AllowEntry[] | undefined,
  sender: AllowCandidate,
): boolean {
  return allowListMatches(normalizeAllowList(entries), sender);
}

/** Whether a list has at least one usable entry. */
export function hasAllowEntries(entries: readonly AllowEntry[] | undefined): boolean {
  return (entries ?? []).some((entry) => String(entry).trim() !== "");
}
