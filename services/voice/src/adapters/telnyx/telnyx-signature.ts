import { createPublicKey, verify, type KeyObject } from "node:crypto";

/** Oldest (and furthest in the future) a signed webhook's `telnyx-timestamp` may be, in seconds. */
export const TELNYX_TIMESTAMP_TOLERANCE_S = 300;

/** Why a webhook's signature was refused. */
export type SignatureRefusal =
  "no-signature" | "no-timestamp" | "stale-timestamp" | "bad-signature" | "bad-public-key";

const keys = new Map<string, KeyObject | undefined>();

/** The Ed25519 key of a base64 public key (32 bytes raw, or DER SPKI); undefined when it is none. */
export function telnyxPublicKey(base64: string): KeyObject | undefined {
  if (keys.has(base64)) return keys.get(base64);
  let key: KeyObject | undefined;
  try {
    const raw = Buffer.from(base64.trim(), "base64");
    key =
      raw.length === 32
        ? createPublicKey({
            key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
            format: "jwk",
          })
        : createPublicKey({ key: raw, format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "ed25519") key = undefined;
  } catch {
    key = undefined;
  }
  if (keys.size > 16) keys.clear();
  keys.set(base64, key);
  return key;
}

/** What a Telnyx webhook signature check needs. */
export interface TelnyxSignatureInput {
  publicKey: string;
  /** `telnyx-signature-ed25519`: base64 of the 64-byte signature. */
  signature: string | undefined;
  /** `telnyx-timestamp`: Unix seconds. */
  timestamp: string | undefined;
  /** The raw body, exactly as received. */
  body: string;
  nowMs: number;
}

/**
 * Checks a Telnyx webhook: an Ed25519 signature of `${timestamp}|${body}` under the account's
 * public key, with a timestamp at most {@link TELNYX_TIMESTAMP_TOLERANCE_S} away from now (a
 * replayed old webhook is refused). Returns undefined when it holds, else why not.
 */
export function checkTelnyxSignature(input: TelnyxSignatureInput): SignatureRefusal | undefined {
  if (!input.signature) return "no-signature";
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return "no-timestamp";
  const age = Math.abs(input.nowMs / 1000 - Number(input.timestamp));
  if (age > TELNYX_TIMESTAMP_TOLERANCE_S) return "stale-timestamp";
  const key = telnyxPublicKey(input.publicKey);
  if (!key) return "bad-public-key";
  const signature = Buffer.from(input.signature, "base64");
  if (signature.length !== 64) return "bad-signature";
  try {
    const signed = Buffer.from(`${input.timestamp}|${input.body}`, "utf8");
    return verify(null, signed, key, signature) ? undefined : "bad-signature";
  } catch {
    return "bad-signature";
  }
}
