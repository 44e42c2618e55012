/** Pieces shorter than this are joined to the next one (a lone "Sure." is not worth a TTS request). */
const MIN_SENTENCE_CHARS = 12;

/**
 * Splits speech at sentence ends (`.`, `!`, `?` followed by a space), so the first sentence can be
 * synthesized and played while the rest is still being synthesized.
 */
export function splitSentences(text: string): string[] {
  const parts = text
    .split(/(?<=[.!?])\s+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const sentences: string[] = [];
  let carry = "";
  for (const part of parts) {
    carry = carry ? `${carry} ${part}` : part;
    if (carry.length >= MIN_SENTENCE_CHARS) {
      sentences.push(carry);
      carry = "";
    }
  }
  if (carry) sentences.push(carry);
  return sentences;
}
