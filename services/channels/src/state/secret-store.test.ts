import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBox } from "./secret-store.js";

const KEY = "0123456789abcdef0123456789abcdef";

test("a sealed value opens with the same key and is not readable without it", () => {
  const box = new SecretBox(KEY);
  const sealed = box.seal("whatsapp.default.creds", "secret creds +15550100000");
  assert.doesNotMatch(Buffer.from(sealed.data, "base64").toString("latin1"), /15550100000/);
  assert.equal(box.open("whatsapp.default.creds", sealed), "secret creds +15550100000");
});

test("a wrong key, another KV key or a tampered value does not open", () => {
  const sealed = new SecretBox(KEY).seal("a.b", "value");
  assert.throws(() => new SecretBox(`${KEY}x`).open("a.b", sealed), /CLAWFLEET_STATE_KEY differs/);
  assert.throws(() => new SecretBox(KEY).open("a.c", sealed), /cannot decrypt/);
  const tampered = { ...sealed, data: Buffer.from("other").toString("base64") };
  assert.throws(() => new SecretBox(KEY).open("a.b", tampered), /cannot decrypt/);
});

test("a state key shorter than 32 characters is refused", () => {
  assert.throws(() => new SecretBox("short"), /at least 32 characters/);
});
