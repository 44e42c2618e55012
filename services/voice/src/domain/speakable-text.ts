const FENCE = /```[\s\S]*?(```|$)/g;
const LINK = /\[([^\]]+)\]\((?:[^)\s]+)\)/g;
const BARE_URL = /\bhttps?:\/\/\S+/g;
const MARKS = /(\*\*|__|\*|_|~~|`)/g;
const HEADING = /^\s{0,3}#{1,6}\s+/gm;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+/gm;

/** Twilio reads at most 4,096 characters per `<Say>`; stay below it. */
export const MAX_SAY_CHARS = 3000;

/** Most characters one reply reads out (a TwiML document may not exceed 64 KB; a listener tires sooner). */
export const MAX_SPOKEN_CHARS = 6000;

/** Said after a reply cut at {@link MAX_SPOKEN_CHARS}. */
export const CUT_NOTE = "That is as much as I can read out on the phone.";

/**
 * Text as it should be read aloud: Markdown marks, headings, bullets and link targets removed, code
 * blocks and bare URLs replaced by a short word, whitespace collapsed. Empty when nothing is left.
 */
export function speakableText(text: string): string {
  return text
    .replace(FENCE, " (code omitted) ")
    .replace(LINK, "$1")
    .replace(BARE_URL, "a link")
    .replace(HEADING, "")
    .replace(BULLET, "")
    .replace(MARKS, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Splits speech into pieces of at most `max` characters, at sentence ends when possible; speech
 * longer than {@link MAX_SPOKEN_CHARS} is cut there and ends with {@link CUT_NOTE}.
 */
export function splitSpeech(text: string, max = MAX_SAY_CHARS): string[] {
  const pieces: string[] = [];
  const cut = text.length > MAX_SPOKEN_CHARS;
  let rest = cut
    ? text.slice(
        0,
        text.lastIndexOf(" ", MAX_SPOKEN_CHARS) > 0
          ? text.lastIndexOf(" ", MAX_SPOKEN_CHARS)
          : MAX_SPOKEN_CHARS,
      )
    : text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(
      window.lastIndexOf(". "),
      window.lastIndexOf("? "),
      window.lastIndexOf("! "),
    );
    const at =
      cut > max / 2 ? cut + 1 : window.lastIndexOf(" ") > max / 2 ? window.lastIndexOf(" ") : max;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  if (cut) pieces.push(CUT_NOTE);
  return pieces;
}
