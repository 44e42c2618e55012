import { randomBytes } from "node:crypto";

const Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random id of `length` characters from `alphabet` after `prefix` (ids in the vendors' shapes). */
export function randomId(prefix: string, length: number, alphabet: string = Base62): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Lower-case hexadecimal digits, for Twilio-style sids. */
export const HexAlphabet = "0123456789abcdef";
