import assert from "node:assert/strict";
import { test } from "node:test";
import { wantsColour } from "./process-logger.js";

test("colour on a terminal unless TERM is dumb; never off a terminal by default", () => {
  assert.equal(wantsColour(true, {}), true);
  assert.equal(wantsColour(true, { TERM: "xterm-256color" }), true);
  assert.equal(wantsColour(true, { TERM: "dumb" }), false);
  assert.equal(wantsColour(false, { TERM: "xterm" }), false);
});

test("a non-empty NO_COLOR turns colour off, an empty one is ignored", () => {
  assert.equal(wantsColour(true, { NO_COLOR: "1" }), false);
  assert.equal(wantsColour(true, { NO_COLOR: "" }), true);
});

test("a non-empty FORCE_COLOR wins over NO_COLOR and the terminal check; FORCE_COLOR=0 turns it off", () => {
  assert.equal(wantsColour(false, { FORCE_COLOR: "1" }), true);
  assert.equal(wantsColour(false, { FORCE_COLOR: "1", NO_COLOR: "1" }), true);
  assert.equal(wantsColour(true, { FORCE_COLOR: "0" }), false);
  assert.equal(wantsColour(false, { FORCE_COLOR: "" }), false);
});
