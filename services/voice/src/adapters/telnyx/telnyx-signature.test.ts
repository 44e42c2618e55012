import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { test } from "node:test";
import { checkTelnyxSignature, TELNYX_TIMESTAMP_TOLERANCE_S } from "./telnyx-signature.js";

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  return { privateKey, publicKey: raw.toString("base64"), spki: publicKey };
}

const body = '{"data":{"event_type":"call.answered"}}';
const nowMs = 1_780_000_000_000;
const ts = String(nowMs / 1000);

test("accepts Telnyx's signature of `${timestamp}|${body}` with a raw or DER public key", () => {
  const { privateKey, publicKey, spki } = keyPair();
  const signature = sign(null, Buffer.from(`${ts}|${body}`), privateKey).toString("base64");
  assert.equal(
    checkTelnyxSignature({ publicKey, signature, timestamp: ts, body, nowMs }),
    undefined,
  );
  const der = spki.export({ format: "der", type: "spki" }).toString("base64");
  assert.equal(
    checkTelnyxSignature({ publicKey: der, signature, timestamp: ts, body, nowMs }),
    undefined,
  );
});

test("refuses what Telnyx did not sign now", () => {
  const { privateKey, publicKey } = keyPair();
  const signed = (timestamp: string, text = body) =>
    sign(null, Buffer.from(`${timestamp}|${text}`), privateKey).toString("base64");
  const check = (signature: string | undefined, timestamp: string | undefined, text = body) =>
    checkTelnyxSignature({ publicKey, signature, timestamp, body: text, nowMs });
  assert.equal(check(undefined, ts), "no-signature");
  assert.equal(check("", ts), "no-signature");
  assert.equal(check(signed(ts), undefined), "no-timestamp");
  assert.equal(check(signed(ts), "12abc"), "no-timestamp");
  const old = String(nowMs / 1000 - TELNYX_TIMESTAMP_TOLERANCE_S - 1);
  assert.equal(check(signed(old), old), "stale-timestamp");
  assert.equal(check(signed(ts), ts, `${body} `), "bad-signature");
  assert.equal(check(signed(String(nowMs / 1000 - 1)), ts), "bad-signature");
  assert.equal(check(signed(ts).slice(0, 40), ts), "bad-signature");
  assert.equal(check(Buffer.alloc(64, 7).toString("base64"), ts), "bad-signature");
  const other = keyPair();
  assert.equal(
    checkTelnyxSignature({
      publicKey: other.publicKey,
      signature: signed(ts),
      timestamp: ts,
      body,
      nowMs,
    }),
    "bad-signature",
  );
  assert.equal(
    checkTelnyxSignature({
      publicKey: "bm9wZQ==",
      signature: signed(ts),
      timestamp: ts,
      body,
      nowMs,
    }),
    "bad-public-key",
  );
});
