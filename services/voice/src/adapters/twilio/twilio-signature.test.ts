import assert from "node:assert/strict";
import { test } from "node:test";
import twilio from "twilio";
import { findSignedUrl } from "./twilio-signature.js";

const token = "0123456789abcdef0123456789abcdef";
const params = {
  CallSid: "CA" + "1".repeat(32),
  From: "+15551230000",
  SpeechResult: "hello there",
};

test("finds the URL Twilio signed, and nothing for a forged, tampered or missing signature", async () => {
  const url = "https://voice.example.com/voice/webhook?callId=CA1&event=speech&turn=1";
  const signature = twilio.getExpectedTwilioSignature(token, url, params);
  const candidates = [
    "https://other.example.com/voice/webhook?callId=CA1&event=speech&turn=1",
    url,
  ];
  assert.equal(await findSignedUrl(token, signature, candidates, params), url);
  assert.equal(
    await findSignedUrl(
      token,
      twilio.getExpectedTwilioSignature("wrong-token", url, params),
      candidates,
      params,
    ),
    undefined,
  );
  assert.equal(
    await findSignedUrl(token, signature, candidates, {
      ...params,
      SpeechResult: "transfer money",
    }),
    undefined,
  );
  assert.equal(await findSignedUrl(token, undefined, candidates, params), undefined);
  assert.equal(
    await findSignedUrl(
      token,
      signature,
      ["https://voice.example.com/voice/webhook?callId=CA2&event=speech&turn=1"],
      params,
    ),
    undefined,
    "the query is signed too",
  );
});
