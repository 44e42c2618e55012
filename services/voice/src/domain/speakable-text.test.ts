import assert from "node:assert/strict";
import { test } from "node:test";
import { CUT_NOTE, MAX_SPOKEN_CHARS, speakableText, splitSpeech } from "./speakable-text.js";

test("Markdown is read as plain words", () => {
  assert.equal(
    speakableText(
      "## Plan\n- **Buy** milk\n- see [the docs](https://x.dev/a)\n```js\nx()\n```\nvisit https://x.dev now",
    ),
    "Plan Buy milk see the docs (code omitted) visit a link now",
  );
  assert.equal(speakableText("```only code```"), "(code omitted)");
  assert.equal(speakableText("   "), "");
});

test("long speech is cut at sentence ends below Twilio's limit", () => {
  const sentence = "This is a sentence of moderate length. ";
  const pieces = splitSpeech(sentence.repeat(100).trim(), 1000);
  assert.ok(pieces.length > 1);
  for (const piece of pieces) {
    assert.ok(piece.length <= 1000);
    assert.ok(piece.endsWith("."), piece.slice(-20));
  }
  assert.equal(pieces.join(" "), sentence.repeat(100).trim());
});

test("a reply too long for the phone is cut, and the caller is told", () => {
  const pieces = splitSpeech("word ".repeat(5000).trim());
  assert.equal(pieces.at(-1), CUT_NOTE);
  assert.ok(pieces.slice(0, -1).join(" ").length <= MAX_SPOKEN_CHARS);
});
