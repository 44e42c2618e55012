import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitSentences } from "./sentences.js";

describe("splitSentences", () => {
  it("splits at sentence ends and joins short pieces to the next", () => {
    assert.deepEqual(splitSentences("Sure. It is 3 pm now! Anything else? Bye."), [
      "Sure. It is 3 pm now!",
      "Anything else?",
      "Bye.",
    ]);
  });

  it("keeps decimals and text without punctuation whole; empty text gives nothing", () => {
    assert.deepEqual(splitSentences("It costs 3.50 dollars today"), [
      "It costs 3.50 dollars today",
    ]);
    assert.deepEqual(splitSentences("   "), []);
  });
});
