import assert from "node:assert/strict";
import { test } from "node:test";
import { isSenderAllowed, normalizeAllowList } from "./allow-from.js";

const alice = { id: "111", username: "Alice_Bot" };

test("ids, usernames with or without @ (any case) and '*' match", () => {
  assert.ok(isSenderAllowed(["111"], alice));
  assert.ok(isSenderAllowed([111], alice));
  assert.ok(isSenderAllowed(["@alice_bot"], alice));
  assert.ok(isSenderAllowed(["ALICE_BOT"], alice));
  assert.ok(isSenderAllowed(["*"], { id: "999" }));
  assert.ok(isSenderAllowed(["telegram:111"], alice));
  assert.ok(isSenderAllowed(["tg:111"], alice));
  assert.ok(isSenderAllowed(["<@!111>"], alice));
  assert.ok(isSenderAllowed(["discord:111"], alice));
});

test("the sender's @ and case do not matter either", () => {
  assert.ok(isSenderAllowed(["alice"], { id: "1", username: "@ALICE" }));
});

test("non-matching, empty and missing lists admit nobody", () => {
  assert.equal(isSenderAllowed(["222", "@bob"], alice), false);
  assert.equal(isSenderAllowed([], alice), false);
  assert.equal(isSenderAllowed(undefined, alice), false);
  assert.equal(normalizeAllowList([]), null);
});

test("an all-digit entry only matches ids, so a numeric username cannot impersonate", () => {
  assert.equal(isSenderAllowed(["111"], { id: "666", username: "111" }), false);
});

test("display names are never matched", () => {
  assert.equal(isSenderAllowed(["Alice"], { id: "5" }), false);
});
