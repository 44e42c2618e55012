import assert from "node:assert/strict";
import { test } from "node:test";
import { REDACTED, Redactor } from "./redactor.js";

test("env variables are secret by the end of their name; other values stay readable", () => {
  const redactor = new Redactor();
  redactor.addFromEnv({
    OPENCLAW_GATEWAY_TOKEN: "gateway-token-1",
    GOOGLE_CREDENTIAL: "credential-2",
    GOOGLE_CREDENTIALS: "credentials-3",
    TWILIO_ACCOUNT_SID: "AC-sid-value-4",
    TOKENIZER_PATH: "/opt/tokenizer-model",
    PATH: "/usr/local/bin",
    UNSET_TOKEN: undefined,
  });
  const text =
    "gateway-token-1 credential-2 credentials-3 AC-sid-value-4 /opt/tokenizer-model /usr/local/bin";
  assert.equal(
    redactor.scrub(text),
    `${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} /opt/tokenizer-model /usr/local/bin`,
  );
});

test("values shorter than six characters are not registered; six are", () => {
  const redactor = new Redactor();
  redactor.add("abcde");
  redactor.add("");
  redactor.add(undefined);
  assert.equal(redactor.scrub("abcde and more"), "abcde and more");
  redactor.add("uvwxyz");
  assert.equal(redactor.scrub("uvwxyz, again uvwxyz"), `${REDACTED}, again ${REDACTED}`);
});

test("field names that hold secrets are recognised by their ending, in any case", () => {
  const redactor = new Redactor();
  for (const key of [
    "token",
    "botToken",
    "api_key",
    "x-api-key",
    "apiKey",
    "APIKEY",
    "auth_token",
    "password",
    "passwd",
    "clientSecret",
    "authorization",
    "cookie",
    "signature",
  ])
    assert.equal(redactor.isSecretKey(key), true, key);
  for (const key of ["tokens", "tokenizer", "keyboard", "author", "user", "apiKeyId"])
    assert.equal(redactor.isSecretKey(key), false, key);
});
