/**
 * Pairing-code characters: OpenClaw's alphabet, A–Z and 2–9 without the look-alikes 0/O and
 * 1/I. 32 symbols, so one random byte maps to one symbol without bias (256 = 8 × 32).
 */
export const PAIRING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Length of a pairing code. */
export const PAIRING_CODE_LENGTH = 8;

/** A source of random bytes, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomBytes = (size: number) => Uint8Array;

/** Draws one pairing code from the random source. */
export function generatePairingCode(random: RandomBytes): string {
  const bytes = random(PAIRING_CODE_LENGTH);
  let code = "";
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) {
    code += PAIRING_CODE_ALPHABET[(bytes[i] ?? 0) % PAIRING_CODE_ALPHABET.length];
  }
  return code;
}

/**
 * What a user typed, as a canonical code: upper-cased with spaces and dashes dropped; null when
 * the length is wrong or a character is outside the alphabet (including 0, O, 1, I).
 */
export function normalizePairingCode(input: string): string | null {
  const code = input.replace(/[\s-]+/g, "").toUpperCase();
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  return [...code].every((char) => PAIRING_CODE_ALPHABET.includes(char)) ? code : null;
}
