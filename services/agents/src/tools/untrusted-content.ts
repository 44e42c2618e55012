/** Opening marker of text from outside (a web page, a search result) that the model must not obey. */
export const UNTRUSTED_START = "<<<EXTERNAL_UNTRUSTED_CONTENT>>>";
/** Closing marker of {@link UNTRUSTED_START}. */
export const UNTRUSTED_END = "<<<END_EXTERNAL_UNTRUSTED_CONTENT>>>";

/** Wraps external text once in the untrusted-content markers, removing any markers it brought along. */
export function wrapUntrusted(text: string): string {
  const body = text.replace(/<<<(END_)?EXTERNAL_UNTRUSTED_CONTENT>>>/g, "[marker removed]");
  return `${UNTRUSTED_START}\n${body}\n${UNTRUSTED_END}`;
}
