import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DeltaSentences } from "./delta-sentences.js";
import { splitSentences } from "./sentences.js";

describe("DeltaSentences", () => {
  it("hands out sentences as soon as the next text starts, and the rest from the full reply", () => {
    const deltas = new DeltaSentences();
    assert.deepEqual(deltas.push("It is 3"), []);
    assert.deepEqual(deltas.push(".5 degrees outside. Bring"), ["It is 3.5 degrees outside."]);
    assert.deepEqual(deltas.push(" a **coat**. And"), ["Bring a coat."]);
    assert.deepEqual(
      deltas.remainder(
        "It is 3.5 degrees outside. Bring a coat. And gloves, it is windy today.",
        splitSentences,
      ),
      ["And gloves, it is windy today."],
    );
  });

  it("when the final text differs from the deltas, skips as many sentences as were spoken", () => {
    const deltas = new DeltaSentences();
    deltas.push("First sentence here. ");
    deltas.push("x");
    assert.deepEqual(
      deltas.remainder("First sentence, reworded. Second sentence here.", splitSentences),
      ["Second sentence here."],
    );
    assert.deepEqual(new DeltaSentences().remainder("Only this one.", splitSentences), [
      "Only this one.",
    ]);
  });
});
