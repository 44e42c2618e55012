import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError } from "../errors.js";
import { sessionKeyFromToken, sessionToken } from "./session-token.js";

const KV_KEY = /^[-/_=.a-zA-Z0-9]+$/;
const SUBJECT_TOKEN = /^[^.*>\s]+$/;

test("tokens round-trip keys with dots, colons, wildcards, spaces and unicode", () => {
  const keys = [
    "agent:main:main",
    "agent:main:telegram:group:-1001234567890:topic:42",
    "agent:main:web.chat:direct:a.b.c",
    "agent:ops:discord:channel:*>",
    "agent:main:direct:josé 😀 日本",
    "x",
    ":".repeat(50),
  ];
  for (const key of keys) {
    const token = sessionToken(key);
    assert.match(token, KV_KEY, key);
    assert.match(token, SUBJECT_TOKEN, key);
    assert.equal(sessionKeyFromToken(token), key);
  }
});

test("different keys never share a token", () => {
  const tokens = new Set(["a", "b", "a:", "a.", "A"].map(sessionToken));
  assert.equal(tokens.size, 5);
});

test("the encoding is unpadded base64url of the UTF-8 bytes", () => {
  assert.equal(
    sessionToken("agent:main:main"),
    Buffer.from("agent:main:main").toString("base64url"),
  );
});

test("decoding rejects non-canonical or foreign tokens instead of guessing", () => {
  for (const bad of ["", "a", "ab=", "a.b", "ab c", "YR", "_w"])
    assert.equal(sessionKeyFromToken(bad), null, bad);
});

test("empty and ill-formed keys have no token", () => {
  assert.throws(() => sessionToken(""), CoreError);
  assert.throws(() => sessionToken("agent:\uD800:main"), CoreError);
});
