import assert from "node:assert/strict";
import { test } from "node:test";
import { isNoReply, resolveReplyText, stripTrailingNoReply } from "./no-reply.js";

test("exactly NO_REPLY, surrounding whitespace ignored, means send nothing", () => {
  assert.equal(isNoReply("NO_REPLY"), true);
  assert.equal(isNoReply("  NO_REPLY\n"), true);
  assert.equal(resolveReplyText(" NO_REPLY "), null);
});

test("other spellings and mixed content are not silent", () => {
  for (const text of [
    "no_reply",
    "NO_REPLY.",
    "`NO_REPLY`",
    "Sure! NO_REPLY",
    "NO_REPLY because",
    "",
    undefined,
    null,
  ]) {
    assert.equal(isNoReply(text), false, String(text));
  }
});

test("a substantive reply ending with NO_REPLY is delivered without the token", () => {
  assert.equal(
    stripTrailingNoReply("Done, the file is saved. NO_REPLY"),
    "Done, the file is saved.",
  );
  assert.equal(resolveReplyText("Done.\n\nNO_REPLY"), "Done.");
  assert.equal(resolveReplyText("**NO_REPLY"), null);
  assert.equal(resolveReplyText("Keep NO_REPLY in the middle"), "Keep NO_REPLY in the middle");
  assert.equal(resolveReplyText("   "), null);
  assert.equal(resolveReplyText("hello"), "hello");
});
