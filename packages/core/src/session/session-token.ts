import { CoreError } from "../errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Map([...ALPHABET].map((char, index) => [char, index]));
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function encodeBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(triple >> (18 - 6 * k)) & 63];
  }
  return out;
}

function decodeBase64Url(token: string): Uint8Array | null {
  if (token.length % 4 === 1) return null;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of token) {
    const value = LOOKUP.get(char);
    if (value === undefined) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  // Leftover bits must be zero, or two tokens would decode to the same key.
  return buffer === 0 ? Uint8Array.from(bytes) : null;
}

/**
 * Encodes a session key (any non-empty, well-formed string) as unpadded base64url of its UTF-8 bytes: one
 * valid NATS subject token and a valid KV key (`[-_A-Za-z0-9]` only). Reverse with
 * {@link sessionKeyFromToken}.
 */
export function sessionToken(key: string): string {
  if (key === "" || LONE_SURROGATE.test(key)) {
    throw new CoreError(
      "invalid_session_key",
      "a session token needs a non-empty, well-formed string",
    );
  }
  return encodeBase64Url(encoder.encode(key));
}

/** Decodes a {@link sessionToken}; returns null for anything that is not a canonical token. */
export function sessionKeyFromToken(token: string): string | null {
  if (token === "") return null;
  const bytes = decodeBase64Url(token);
  if (bytes === null) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
